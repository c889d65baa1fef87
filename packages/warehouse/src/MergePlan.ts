import type { ColumnSpec, metaColumns } from '@ferry/core';
import type { TableName } from './TableName.js';
import type { warehouseNames } from './warehouseNames.js';

/**
 * Everything a dialect needs to compile one table batch: immutable data, built once by `buildMergePlan`,
 * with every identifier already validated.
 */
export interface MergePlan {
  /** The mapping entry (`<source>:<schema>.<table>`): the ledger's and the column registry's `table_id`. */
  readonly tableId: string;
  readonly target: TableName;
  /** `deletes: soft`: the view of live rows consumers query (`<table>_live`); `undefined` for hard deletes. */
  readonly liveView: TableName | undefined;
  /** `deletes: hard`: the tombstone table (key columns + `_ferry_position`); `undefined` for soft deletes. */
  readonly tombstones: TableName | undefined;
  /** Session-temporary tables: every staged row, and the newest staged row per key. */
  readonly staging: string;
  readonly batch: string;
  /** Data columns in table order, with the types the target holds; key columns included. */
  readonly columns: readonly ColumnSpec[];
  /** The key columns, typed, in key order. */
  readonly keyColumns: readonly ColumnSpec[];
  /** Data columns that are not key columns: what an update sets. */
  readonly valueColumns: readonly ColumnSpec[];
  readonly deletes: 'soft' | 'hard';
  /** Column names ferry adds: core's `metaColumns` plus the staging-only `op`. */
  readonly meta: typeof metaColumns & { readonly op: typeof warehouseNames.op };
}
