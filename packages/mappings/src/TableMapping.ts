import type { SinkTable, TableRef } from '@ferry/core';

/**
 * One source table's mapping with every default applied: what the pipeline needs to move its files.
 * Column names are SOURCE names except in `warehouse`/`speedLayer` (`keyColumns` are target names).
 */
export interface TableMapping {
  /** `${source}:${schema}.${table}`: names the mapping entry in ledgers and errors. */
  readonly id: string;
  readonly source: string;
  /** The source schema/table (DMS folder names). */
  readonly table: TableRef;
  /** Source column names of the row key. */
  readonly primaryKey: readonly string[];
  readonly sequenceColumn: string | undefined;
  readonly timestampColumn: string | undefined;
  readonly wallClock: readonly string[];
  /** Source columns the warehouse holds in its JSON type (`warehouse.jsonColumns` names them as targets). */
  readonly json: readonly string[];
  readonly exclude: readonly string[];
  readonly mask: readonly string[];
  /** Source name → target name. Has no prototype, so any column name is safe to look up. */
  readonly rename: Readonly<Record<string, string>>;
  readonly tenant: { readonly column: string; readonly value: string } | undefined;
  /** Minutes without a commit before the table counts as stale (table's, else source's); `undefined`: the stage's default. */
  readonly freshnessMinutes: number | undefined;
  /** `undefined` when the mapping says `warehouse: false`. */
  readonly warehouse: SinkTable | undefined;
  /** `undefined` when the mapping says `speedLayer: false`; otherwise namespace `undefined`, deletes `hard`. */
  readonly speedLayer: SinkTable | undefined;
}
