import type { ColumnSpec, SinkTable } from '@ferry/core';
import { FerryError, isSafeIdentifier, metaColumns } from '@ferry/core';
import type { MergePlan } from './MergePlan.js';
import { warehouseNames } from './warehouseNames.js';

/**
 * Builds the immutable merge plan for one table batch. `columns` are the target table's data columns after
 * schema evolution (see `evolveColumns`), in table order; they must include every key column.
 *
 * Throws `FerryError` when the table has no namespace, a name is not a safe identifier (DESIGN.md
 * invariant 7), a data column uses ferry's `_ferry_` prefix, or a key column is missing or JSON.
 *
 * @example buildMergePlan({id:'brand-a:shop.orders', namespace:'raw', name:'orders', deletes:'soft', keyColumns:['id']}, columns)
 */
export function buildMergePlan(table: SinkTable, columns: readonly ColumnSpec[]): MergePlan {
  const fail = (reason: string) =>
    new FerryError(`${table.id}: ${reason}`, { hint: 'Fix the table mapping; nothing was written' });
  const { namespace, name } = table;
  if (namespace === undefined) throw fail('a warehouse table needs a namespace (schema/dataset)');
  for (const id of [namespace, name]) {
    if (!isSafeIdentifier(id)) throw fail(`${JSON.stringify(id)} is not a safe identifier`);
  }
  const seen = new Set<string>();
  for (const column of columns) {
    if (!isSafeIdentifier(column.name)) throw fail(`column ${JSON.stringify(column.name)} is not a safe identifier`);
    if (column.name.startsWith(warehouseNames.reservedPrefix)) {
      throw fail(`column "${column.name}" uses the prefix ${warehouseNames.reservedPrefix} ferry keeps for itself`);
    }
    if (seen.has(column.name)) throw fail(`column "${column.name}" appears twice`);
    seen.add(column.name);
  }
  if (table.keyColumns.length === 0) throw fail('no key columns');
  const keyColumns = table.keyColumns.map((key) => {
    const column = columns.find((c) => c.name === key);
    if (column === undefined) throw fail(`key column "${key}" is not among the columns`);
    // Keys are compared, partitioned by and joined on; BigQuery's JSON allows none of that.
    if (column.type.kind === 'string' && column.type.json) throw fail(`key column "${key}" cannot be a JSON column`);
    return column;
  });
  const keys = new Set(table.keyColumns);
  return Object.freeze({
    tableId: table.id,
    target: Object.freeze({ namespace, name }),
    liveView:
      table.deletes === 'soft' ? Object.freeze({ namespace, name: name + warehouseNames.liveViewSuffix }) : undefined,
    tombstones:
      table.deletes === 'hard' ? Object.freeze({ namespace, name: warehouseNames.tombstonesPrefix + name }) : undefined,
    staging: warehouseNames.stagingPrefix + name,
    batch: warehouseNames.batchPrefix + name,
    columns: Object.freeze([...columns]),
    keyColumns: Object.freeze(keyColumns),
    valueColumns: Object.freeze(columns.filter((c) => !keys.has(c.name))),
    deletes: table.deletes,
    meta: Object.freeze({ ...metaColumns, op: warehouseNames.op }),
  });
}
