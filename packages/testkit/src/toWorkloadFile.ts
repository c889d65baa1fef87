import type { ColumnType, ColumnValue } from '@ferry/core';
import type { DmsColumn } from './DmsColumn.js';
import { mysqlDmsType } from './mysqlDmsType.js';
import type { RecordedFile } from './RecordedFile.js';
import type { SourceColumn } from './shopTables.js';
import { WORKLOAD_COLUMNS } from './WORKLOAD_COLUMNS.js';
import type { WorkloadFile } from './WorkloadFile.js';

type FileColumn = DmsColumn & { readonly type: ColumnType };

/** A recorded file as DMS lays it out: key, and columns in file order (internal to the generators). */
export function toWorkloadFile(source: string, file: RecordedFile, datePartitioned: boolean): WorkloadFile {
  const { table, rows } = file;
  const column = (name: string, dms: { element: DmsColumn['element']; type: ColumnType }, values: ColumnValue[]) =>
    ({ name, element: dms.element, type: dms.type, values }) satisfies FileColumn;
  const data = (c: SourceColumn, i: number) => column(c.name, c.dms, rows.columns[i] ?? []);
  const columns: FileColumn[] = [column(WORKLOAD_COLUMNS.timestamp, mysqlDmsType.dmsTimestamp, rows.timestamps)];
  if (file.kind === 'cdc') columns.push(column('Op', mysqlDmsType.op, rows.ops));
  table.columns.forEach((c, i) => {
    columns.push(data(c, i));
  });
  if (file.hasSequence) columns.push(column(WORKLOAD_COLUMNS.sequence, mysqlDmsType.header, rows.sequences));
  // Columns added by DDL come last (FACTS.md §1): after the header column the task's transformation adds.
  table.added.slice(0, file.addedCount).forEach((c, i) => {
    columns.push(data(c, table.columns.length + i));
  });
  let folder = `dms/${source}/${table.schema}/${table.table}/`;
  if (datePartitioned && file.kind === 'cdc') {
    folder += `${new Date(Number(file.fileTime / 1000n)).toISOString().slice(0, 10).replace(/-/g, '/')}/`;
  }
  return {
    key: folder + file.fileName,
    source,
    table: table.name,
    kind: file.kind,
    rowCount: rows.rowCount,
    columns,
  };
}
