import type { ColumnType } from '@ferry/core';
import type { DialectName } from './DialectName.js';
import type { WarehouseCapabilities } from './WarehouseCapabilities.js';

/**
 * A warehouse SQL dialect: capabilities as data plus the few hooks where the SQL text differs. Everything else
 * (dedupe, version guard, deletes, ledger) is compiled once, in `compileMerge` and its siblings, from a
 * `MergePlan`. If a dialect needs more than these hooks, the base is missing one: add it here.
 */
export interface WarehouseDialect {
  readonly name: DialectName;
  readonly capabilities: WarehouseCapabilities;
  /** Quotes one identifier that was already validated (`isSafeIdentifier`). */
  quoteIdent(name: string): string;
  /**
   * A namespace (schema, BigQuery dataset), or a table or view in it, as statements name it: quoted, and
   * qualified as far as the warehouse needs (BigQuery: with the project when the dialect has one).
   */
  qualify(namespace: string, name?: string): string;
  /**
   * The column type that holds a ferry logical type exactly. Throws `RangeError` for a decimal beyond
   * `capabilities.decimals` (`evolveColumns` refuses those first, with `SchemaChangeError`).
   */
  typeName(type: ColumnType): string;
  /**
   * The staging column type of a row's `Op` (`I`, `U`, `D`, compared with `'D'`): text, or an enumeration where
   * one loads faster.
   */
  readonly opTypeName: string;
  /** The column type of the JSON column in `_ferry_columns`. */
  readonly jsonTypeName: string;
  /**
   * Turns a text expression (a bound parameter; a staged JSON column in the dedupe) into a value of `jsonTypeName`,
   * the type `typeName` gives a JSON column too. It must fail on text that is not JSON, never return NULL for it.
   */
  jsonFromText(expression: string): string;
  /** Turns a `jsonTypeName` expression back into its JSON text (`_ferry_columns`, and JSON columns in `readRows`). */
  jsonToText(expression: string): string;
  /** Integer microseconds since the epoch of an instant expression (`committed_at` read back exactly). */
  epochMicros(expression: string): string;
  /** How statements refer to a session-temporary table (staging, the deduplicated batch). */
  tempTableRef(name: string): string;
  /** Creates or replaces a session-temporary table; `definition` is `(<column defs>)` or `AS SELECT …`. */
  createTempTable(name: string, definition: string): string;
  /** The placeholder of bound parameter `index` (1-based), in the form the warehouse's SDK binds. */
  placeholder(index: number): string;
  /** The statements that open, commit and roll back the transaction of the MERGE and its ledger rows. */
  readonly transaction: {
    readonly begin: string;
    readonly commit: string;
    readonly rollback: string;
  };
}
