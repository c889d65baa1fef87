import { FerryError, type TableChanges } from '@ferry/core';
import { CHANGE_RECORD_VERSION, type ChangeRecord } from './ChangeRecord.js';

/**
 * One change record per row of a projected batch (`projectChanges`), in file order. The records share the
 * batch's `columns` and `keyColumns` arrays.
 *
 * Throws `FerryError` when a key column is not among the batch's columns (a projection bug, not bad data).
 */
export function recordsFromChanges(
  changes: TableChanges,
  meta: { readonly source: string; readonly tableId: string; readonly fileKey: string },
): ChangeRecord[] {
  const names = new Set(changes.columns.map((c) => c.name));
  const missing = changes.keyColumns.filter((k) => !names.has(k));
  if (missing.length > 0) {
    throw new FerryError(`${meta.fileKey}: key column(s) ${missing.join(', ')} of ${meta.tableId} not in the batch`);
  }
  const records = new Array<ChangeRecord>(changes.rowCount);
  for (let r = 0; r < changes.rowCount; r++) {
    records[r] = {
      version: CHANGE_RECORD_VERSION,
      source: meta.source,
      tableId: meta.tableId,
      fileKey: meta.fileKey,
      op: changes.ops[r]!,
      position: changes.positions[r]!,
      keyColumns: changes.keyColumns,
      columns: changes.columns,
      values: changes.values.map((cells) => cells[r]!),
    };
  }
  return records;
}
