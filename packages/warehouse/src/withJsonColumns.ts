import {
  type ColumnSpec,
  type ColumnType,
  DmsFileError,
  describeType,
  type FileChanges,
  SchemaChangeError,
  type SinkTable,
} from '@ferry/core';
import { jsonTextProblem } from './jsonTextProblem.js';
import type { WarehouseCapabilities } from './WarehouseCapabilities.js';

const JSON_TEXT: ColumnType = Object.freeze({ kind: 'string', json: true });

/**
 * `file` as a warehouse takes it when `table` holds some columns in its JSON type (`SinkTable.jsonColumns`): those
 * columns typed `{kind: 'string', json: true}`, in the file's schema and in every row group, and each of their
 * values checked as the rows stream to staging (`jsonTextProblem` against the dialect's `json` capabilities), so
 * text the warehouse would refuse, null out or change fails here, named, before anything is committed. A file
 * without such columns is returned as it is.
 *
 * Throws `SchemaChangeError` when a JSON column arrives as anything but text (before any row is read), and, from
 * `chunks()`, `DmsFileError` naming the file, the row (0-based, in file order) and the column.
 */
export function withJsonColumns(table: SinkTable, file: FileChanges, json: WarehouseCapabilities['json']): FileChanges {
  const listed = new Set(table.jsonColumns ?? []);
  if (!file.columns.some((c) => listed.has(c.name))) return file;
  for (const column of file.columns) {
    if (listed.has(column.name) && column.type.kind !== 'string') {
      throw new SchemaChangeError(
        file.tableId ?? table.id,
        column.name,
        `is in columns.json (held as JSON) but ${file.fileKey} has it as ${describeType(column.type)}, not text`,
      );
    }
  }
  const retype = (columns: readonly ColumnSpec[]): ColumnSpec[] =>
    columns.map((c) => (listed.has(c.name) && c.type.kind === 'string' ? { name: c.name, type: JSON_TEXT } : c));
  return {
    ...file,
    columns: retype(file.columns),
    async *chunks() {
      let base = 0;
      for await (const changes of file.chunks()) {
        changes.columns.forEach((column, c) => {
          if (!listed.has(column.name)) return;
          const cells = changes.values[c] ?? [];
          for (let r = 0; r < changes.rowCount; r++) {
            const value = cells[r];
            if (value === null || value === undefined) continue;
            const problem =
              typeof value === 'string' ? jsonTextProblem(value, json) : `holds a ${typeof value}, not JSON text`;
            if (problem !== undefined) {
              throw new DmsFileError(file.fileKey, `column "${column.name}" ${problem}`, {
                row: base + r,
                hint: `The warehouse holds "${column.name}" as JSON (columns.json of ${file.tableId ?? table.id}); fix the value at the source. Nothing of this batch was committed`,
              });
            }
          }
        });
        base += changes.rowCount;
        yield { ...changes, columns: retype(changes.columns) };
      }
    },
  };
}
