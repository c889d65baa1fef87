/**
 * SQL for the tables ferry keeps beside the data: the ledger (DESIGN.md invariant 4; per namespace, or per target
 * table where `capabilities.ledgerPerTable`) and the per-namespace column registry. Parameters are bound in the
 * order each member lists.
 */
export interface BookkeepingSql {
  /** Idempotent: creates the namespace, the ledger and `_ferry_columns` when missing. */
  readonly setup: readonly string[];
  /**
   * Params: `tableCount` entry ids (`table_id`), then `fileCount` file keys. Returns `(table_id, file_key)` of the
   * ledger rows among them; a file is already committed when its own entry id and key form one of those rows.
   */
  committedFiles(fileCount: number, tableCount?: number): string;
  /**
   * Params: an instant (UTC text, `YYYY-MM-DD HH:MM:SS.ffffff+00:00`), then `tableCount` entry ids. Returns one row:
   * how many ledger rows of those entries were committed after that instant.
   */
  committedSince(tableCount: number): string;
  /**
   * Params: the instants an hour and a day back (UTC text, as `committedSince`), then `tableCount` entry ids.
   * Returns per entry that has ledger rows: `table_id`, the `file_key` committed last, its `committed_at` as integer
   * epoch microseconds, then files and rows committed after the first and after the second instant.
   */
  commitStatus(tableCount: number): string;
  /** Params per file: `table_id`, `file_key`, `rows`. `committed_at` is the warehouse's clock. */
  recordFiles(fileCount: number): string;
  /** Params: `table_name`. Returns `column_name`, `column_type` (JSON text of a `ColumnType`), in table order. */
  readonly registeredColumns: string;
  /** Params per column: `table_name`, `column_name`, `column_type` (JSON text), `ordinal`. */
  registerColumns(columnCount: number): string;
}
