/**
 * What a warehouse can do, as data, so the compiler and the adapters choose a path without asking which
 * engine they talk to (DESIGN.md §4: dialects differ by data and small hooks, not branches).
 */
export interface WarehouseCapabilities {
  /**
   * `MERGE … WHEN MATCHED THEN DELETE` exists. When `false`, hard deletes run as a separate
   * `DELETE … WHERE EXISTS` just before the MERGE, in the same transaction.
   */
  readonly supportsMergeDelete: boolean;
  /**
   * DDL (`CREATE`, `ALTER`, temp tables) joins the open transaction and rolls back with it (DuckDB). When
   * `false` (Snowflake commits the open transaction on DDL; BigQuery allows no DDL on permanent tables in a
   * transaction), `mergeFiles` runs schema changes, staging and dedupe before `BEGIN`: they are idempotent
   * (`IF NOT EXISTS`) and touch no data a consumer reads. Only the MERGE and the ledger rows are atomic then.
   */
  readonly transactionalDdl: boolean;
  /**
   * The ledger is one table per target table, `<namespace>._ferry_ledger_<table>`, instead of one per namespace,
   * `<namespace>._ferry_ledger` (`compileBookkeeping`). BigQuery counts every load, copy and DML job against a
   * quota of 1,500 modifications per table per day, failed ones included (FACTS §4): a namespace ledger written by
   * every table's every batch would exhaust it, while a table's own ledger takes one insert per MERGE of that table.
   */
  readonly ledgerPerTable: boolean;
  /** Most files one bulk-load statement or job may name (Snowflake COPY: 1,000); `undefined`: no COPY limit. */
  readonly maxFilesPerCopy: number | undefined;
  /**
   * The widest decimals a column holds exactly: `decimal(p,s)` fits when `p ≤ maxPrecision`, `s ≤ maxScale`
   * and `p − s ≤ maxIntegerDigits`. Wider ones are refused with `SchemaChangeError` (`evolveColumns`), never
   * rounded. DuckDB 38/38/38; Snowflake NUMBER 38/37/38; BigQuery BIGNUMERIC(P,S) 76/38/38.
   */
  readonly decimals: {
    readonly maxPrecision: number;
    readonly maxScale: number;
    readonly maxIntegerDigits: number;
  };
  /**
   * What a JSON column (a mapping's `columns.json`) keeps exactly of the numbers in it. ferry refuses, naming the
   * file, row and column, a number the column would round (Snowflake stores it as a DOUBLE without a word) or
   * reject for the whole batch (BigQuery's PARSE_JSON, `wide_number_mode => 'exact'` by default).
   * - `keepsText`: the JSON type holds the text as written (DuckDB: JSON is checked VARCHAR), so every number is.
   * - otherwise integers in the 64-bit range (signed or unsigned) and numbers a double holds exactly (the double's
   *   shortest text has the same value) are kept, and so are `exactDecimals`: numbers without an exponent of at
   *   most `digits` digits, `scale` of them after the point (Snowflake NUMBER(38, s ≤ 37); BigQuery: none).
   */
  readonly json: {
    readonly keepsText: boolean;
    readonly exactDecimals: { readonly digits: number; readonly scale: number } | undefined;
  };
}
