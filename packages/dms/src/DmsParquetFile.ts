import type { ChangeBatch, ColumnSpec } from '@ferry/core';

/**
 * An opened DMS parquet file: its schema (known from the footer before any row is read) and its row groups.
 * `columns` are the data columns in file order, without `Op`.
 */
export interface DmsParquetFile {
  readonly columns: readonly ColumnSpec[];
  readonly rowCount: number;
  readonly rowGroupCount: number;
  /** One `ChangeBatch` per parquet row group, in file order; only one row group is held at a time. */
  rowGroups(): AsyncIterable<ChangeBatch>;
}
