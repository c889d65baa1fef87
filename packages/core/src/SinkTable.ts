/**
 * Where one mapped source table lands in a sink, and how.
 *
 * - `namespace` is the warehouse schema/dataset (speed layer: `undefined`, the connection's default schema).
 * - `deletes`: `soft` keeps a deleted row flagged `_ferry_deleted = true`; `hard` removes it and keeps a
 *   tombstone with its position so an older, late change cannot bring it back.
 * - `id` names the mapping entry (`<source>:<schema>.<table>`) in ledgers and errors; a warehouse call that holds
 *   the files of several entries feeding one table names them all (`a+b`), each file keeping its own
 *   (`FileChanges.tableId`) for the ledger.
 */
export interface SinkTable {
  readonly id: string;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly deletes: 'soft' | 'hard';
  readonly keyColumns: readonly string[];
  /**
   * Warehouse only: target columns held in the warehouse's JSON type (Snowflake VARIANT, BigQuery JSON, DuckDB
   * JSON) instead of text — a mapping's `columns.json`, under their target names. Never key columns. Absent or
   * empty: every string column is text. The speed layer ignores it (its tables keep JSON as text).
   */
  readonly jsonColumns?: readonly string[];
}
