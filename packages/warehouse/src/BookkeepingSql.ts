/**
 * SQL for the per-namespace tables ferry keeps beside the data: the ledger (DESIGN.md invariant 4) and the
 * column registry. Parameters are bound in the order each member lists.
 */
export interface BookkeepingSql {
  /** Idempotent: creates the namespace, `_ferry_ledger` and `_ferry_columns` when missing. */
  readonly setup: readonly string[];
  /** Params: `table_id`, then `fileCount` file keys. Returns `file_key` of those already committed. */
  committedFiles(fileCount: number): string;
  /** Params per file: `table_id`, `file_key`, `rows`. `committed_at` is the warehouse's clock. */
  recordFiles(fileCount: number): string;
  /** Params: `table_name`. Returns `column_name`, `column_type` (JSON text of a `ColumnType`), in table order. */
  readonly registeredColumns: string;
  /** Params per column: `table_name`, `column_name`, `column_type` (JSON text), `ordinal`. */
  registerColumns(columnCount: number): string;
}
