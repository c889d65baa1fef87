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
   * transaction), the adapter runs schema changes, staging and dedupe before `BEGIN`: they are idempotent and
   * touch no data a consumer reads.
   */
  readonly transactionalDdl: boolean;
  /** Most files one bulk-load statement or job may name (Snowflake COPY: 1,000); `undefined`: no COPY limit. */
  readonly maxFilesPerCopy: number | undefined;
  /** Largest decimal precision a column can hold exactly (DuckDB and Snowflake 38; BigQuery BIGNUMERIC 76). */
  readonly maxDecimalPrecision: number;
}
