import type { FileChanges } from '@ferry/core';
import type { MergePlan } from './MergePlan.js';
import type { MergeSql } from './MergeSql.js';

/**
 * What `mergeFiles` needs from one warehouse connection (a DuckDB connection, a Snowflake connection, a
 * BigQuery session): statements run one after another on it, so temp tables and the transaction are shared.
 * Parameters are bound at the dialect's placeholders, in order: text, JS numbers (counts, ordinals) and
 * `bigint` (row counts).
 */
export interface WarehouseSession {
  run(sql: string, params?: readonly (string | number | bigint)[]): Promise<void>;
  /** The result rows, cells in column order: text as strings, counts as numbers, bigints or digit strings. */
  read(sql: string, params?: readonly (string | number | bigint)[]): Promise<readonly (readonly unknown[])[]>;
  /**
   * Loads every row of `files`, in order, into the staging table `merge.createStaging` just created (columns:
   * the plan's data columns, then op, position, file key), each row carrying its file's key — by the engine's
   * bulk path (DuckDB's Appender, Snowflake array binds or PUT + COPY, a BigQuery load job) — and returns
   * the number of rows of each file. Throws `DmsFileError` naming the file for a value that does not fit.
   */
  stage(plan: MergePlan, merge: MergeSql, files: readonly FileChanges[]): Promise<readonly number[]>;
}
