import {
  type ColumnSpec,
  columnTypeChange,
  DmsFileError,
  describeType,
  type FileChanges,
  isSafeIdentifier,
  SchemaChangeError,
  type SinkTable,
} from '@ferry/core';
import type { ColumnEvolution } from './ColumnEvolution.js';
import type { WarehouseCapabilities } from './WarehouseCapabilities.js';
import { warehouseNames } from './warehouseNames.js';

/**
 * Judges a batch's file schemas against the columns the table already has (`registered`, ferry's logical
 * types from `_ferry_columns`), in file order:
 * - a column the table lacks is added (its type from the first file that has it);
 * - a column whose type is the same or fits (core `columnTypeChange`) is loaded as the table holds it;
 * - anything else throws `SchemaChangeError` before anything is written.
 *
 * Also refuses, with `SchemaChangeError`, a new column whose name is not a safe identifier or whose decimal
 * digits the warehouse cannot hold (`capabilities.decimals`); and with `DmsFileError` a file that lacks a key column.
 */
export function evolveColumns(
  table: SinkTable,
  registered: readonly ColumnSpec[],
  files: readonly FileChanges[],
  capabilities: WarehouseCapabilities,
): ColumnEvolution {
  const columns = new Map<string, ColumnSpec>(registered.map((c) => [c.name, c]));
  const added: string[] = [];
  for (const file of files) {
    // Errors name the mapping entry the file came from (a consolidated table is fed by several).
    const tableId = file.tableId ?? table.id;
    const names = new Set(file.columns.map((c) => c.name));
    for (const key of table.keyColumns) {
      if (!names.has(key)) throw new DmsFileError(file.fileKey, `has no key column "${key}" for ${tableId}`);
    }
    for (const incoming of file.columns) {
      const existing = columns.get(incoming.name);
      if (existing === undefined) {
        if (!isSafeIdentifier(incoming.name) || incoming.name.startsWith(warehouseNames.reservedPrefix)) {
          throw new SchemaChangeError(tableId, incoming.name, `(in ${file.fileKey}) is not a name ferry can use`);
        }
        const { type } = incoming;
        const { decimals } = capabilities;
        if (
          type.kind === 'decimal' &&
          (type.precision > decimals.maxPrecision ||
            type.scale > decimals.maxScale ||
            type.precision - type.scale > decimals.maxIntegerDigits)
        ) {
          throw new SchemaChangeError(
            tableId,
            incoming.name,
            `(in ${file.fileKey}) is ${describeType(type)}, more digits than the warehouse holds exactly (at most ${decimals.maxPrecision} digits, ${decimals.maxIntegerDigits} before the point and ${decimals.maxScale} after it)`,
          );
        }
        columns.set(incoming.name, { name: incoming.name, type });
        added.push(incoming.name);
        continue;
      }
      const change = columnTypeChange(existing.type, incoming.type);
      if (typeof change === 'object') {
        throw new SchemaChangeError(tableId, incoming.name, `${change.reason} (${file.fileKey})`);
      }
    }
  }
  return Object.freeze({ columns: Object.freeze([...columns.values()]), added: Object.freeze(added) });
}
