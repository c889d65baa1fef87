import type { ColumnType, ColumnValue } from '@ferry/core';
import type { ColumnMapping } from './ColumnMapping.js';
import type { FailureCodes } from './FailureCodes.js';
import type { RowSource } from './RowSource.js';
import type { SqlResult } from './SqlResult.js';
import type { UpsertShape } from './UpsertShape.js';

/**
 * What differs between speed-layer databases, as data and small hooks (DESIGN.md §4). The algorithm
 * (`SpeedLayerSink`) is shared; nothing above a dialect asks which engine it talks to.
 */
export interface SpeedLayerDialect {
  /** `postgres`, `pglite`, `mysql`: what `Sink.dialect` reports. */
  readonly name: string;
  /** Most bound values in one statement (PostgreSQL's protocol allows 65,535). */
  readonly maxParams: number;
  /**
   * Rows per multi-row statement: large enough for few round trips, small enough to plan quickly and for
   * one statement's bound text to die in the young generation (large statements cost more GC than they save).
   */
  readonly maxRowsPerStatement: number;
  /**
   * Keys per key-matching statement (`(k1, k2) IN (…)` lookups, guarded deletes). PGlite 0.5 answers a
   * row-constructor `IN` list of 300 or more keys with no rows at all, and aborts on larger ones, where a
   * PostgreSQL server answers right; so PGlite matches at most 100 keys at a time.
   */
  readonly maxKeysPerMatch: number;
  /** Estimated bytes of values per statement (MySQL inlines values into one packet, capped by `max_allowed_packet`). */
  readonly maxStatementBytes: number;
  /** A validated identifier, quoted. */
  quote(identifier: string): string;
  /** The placeholder of the `index`-th (0-based) bound value. */
  param(index: number): string;
  /** The SQL type of a column (`key`: part of the primary key), or why this database cannot hold the type. */
  columnType(type: ColumnType, key: boolean): ColumnMapping | { readonly reason: string };
  /** SQL types of `_ferry_position` (compared as bytes) and `_ferry_file`. */
  readonly positionType: string;
  readonly fileType: string;
  /** `CREATE TABLE IF NOT EXISTS` statements of the ledger, tombstone and column-type tables. */
  readonly metaTableDdl: readonly string[];
  /** Adds a file's rows to `_ferry_stream_files` (params: table_id, file_key, rows, applied_at), creating its row. */
  readonly streamFileUpsert: string;
  /** Appended to `CREATE TABLE (…)` (MySQL: engine and a binary-safe utf8mb4 collation). */
  readonly tableOptions: string;
  /** SQL expression naming the connection's default schema. */
  readonly currentSchema: string;
  /** How a non-null value of `type` is bound: exact text for decimals and 64-bit ints, bytes as a Buffer. */
  binder(type: ColumnType): (value: ColumnValue) => unknown;
  /** SQL comparing with a bound key value, given its placeholder (MySQL casts decimals so they compare exactly). */
  keyParam(type: ColumnType, placeholder: string): string;
  /** SQL rendering `column` (quoted) as the `canonicalText` of `type`, or NULL. */
  readText(type: ColumnType, column: string): string;
  /**
   * Rows of bound values (from `binder`) as a row-producing SQL clause: `VALUES (?, ?), …` (MySQL), or
   * `SELECT * FROM unnest($1::bigint[], …)` (PostgreSQL: one array per column, so a statement carries any
   * number of rows in a few parameters and parses in constant time). `types` are the columns' held types.
   */
  rowSource(types: readonly ColumnType[], rows: readonly (readonly unknown[])[]): RowSource;
  /**
   * SQL true when text `column` equals any of `values`, bound from parameter `first` on: `= ANY($n::text[])`
   * (PostgreSQL: one array parameter) or `IN (?, …)` (MySQL).
   */
  anyText(column: string, values: readonly string[], first: number): RowSource;
  /** A multi-row insert that updates an existing row only when its version is older (FACTS.md §6). */
  guardedUpsert(shape: UpsertShape): string;
  /** How many of the `rowCount` rows a `guardedUpsert` inserted and updated (the rest were stale). */
  upsertCounts(result: SqlResult, rowCount: number): { readonly inserted: number; readonly updated: number };
  /** Failures a retry can help with (deadlocks, connection loss): the rest are terminal. */
  readonly retryable: FailureCodes;
  /** Error codes of a unique-key violation. */
  readonly duplicateKeyCodes: ReadonlySet<string | number>;
}
