import { createHmac } from 'node:crypto';
import {
  type ChangeBatch,
  type ColumnType,
  type ColumnValue,
  canonicalText,
  DmsFileError,
  FerryError,
  type TableChanges,
} from '@ferry/core';
import { projectColumns } from './projectColumns.js';
import type { TableMapping } from './TableMapping.js';
import { targetKeyColumns } from './targetKeyColumns.js';

/**
 * Applies a table mapping to one batch: the columns of `projectColumns`, the tenant value on every row,
 * masked values replaced by HMAC-SHA256 (keyed by `maskKey`, hex) of the value's `canonicalText`
 * (NULL stays NULL). Untouched columns are passed on by reference, never copied cell by cell.
 *
 * Throws `DmsFileError` naming the file, row and column when a primary-key value is NULL (the row cannot
 * be placed), and `FerryError` when the table masks columns but no mask key is configured.
 */
export function projectChanges(batch: ChangeBatch, table: TableMapping, maskKey: string): TableChanges {
  const fileKey = batch.file.key;
  const columns = projectColumns(fileKey, batch.columns, table);
  const index = new Map(batch.columns.map((c, i) => [c.name, i]));

  for (const key of table.primaryKey) {
    const cells = batch.values[index.get(key)!]!;
    for (let r = 0; r < batch.rowCount; r++) {
      if (cells[r] === null) {
        throw new DmsFileError(fileKey, `NULL in primary-key column "${key}"`, {
          row: batch.firstRow + r,
          hint: `The row cannot be placed without its key; check the source table's key and primaryKey for ${table.id}`,
        });
      }
    }
  }

  const excluded = new Set(table.exclude);
  const masked = new Set(table.mask);
  const values: (readonly ColumnValue[])[] = [];
  if (table.tenant) values.push(new Array<ColumnValue>(batch.rowCount).fill(table.tenant.value));
  batch.columns.forEach((column, c) => {
    if (excluded.has(column.name)) return;
    const cells = batch.values[c]!;
    values.push(masked.has(column.name) ? maskColumn(cells, column.type, maskKey, table) : cells);
  });

  return {
    columns,
    keyColumns: targetKeyColumns(table),
    values,
    ops: batch.ops,
    positions: batch.positions,
    rowCount: batch.rowCount,
  };
}

function maskColumn(
  cells: readonly ColumnValue[],
  type: ColumnType,
  maskKey: string,
  table: TableMapping,
): ColumnValue[] {
  if (!maskKey) {
    // An unkeyed hash of an e-mail address can be reversed by hashing guesses: refuse rather than leak.
    throw new FerryError(`${table.id} masks columns but no mask key is configured`, {
      hint: 'Set the mask key in config (FERRY_MASK_KEY); it never comes from a mapping',
    });
  }
  const out = new Array<ColumnValue>(cells.length);
  for (let r = 0; r < cells.length; r++) {
    const text = canonicalText(type, cells[r]!);
    out[r] = text === null ? null : createHmac('sha256', maskKey).update(text, 'utf8').digest('hex');
  }
  return out;
}
