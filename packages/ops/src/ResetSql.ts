/** The reset of one target, as `compileResetTarget` (warehouse) or `resetTargetSql` (speed layer) compile it. */
export interface ResetSql {
  /** Lists which bookkeeping tables exist (first column: the name). */
  readonly existing: string;
  /** Drops, each `IF EXISTS`. */
  readonly drops: readonly string[];
  /** Deletes from bookkeeping tables, each run only when its `table` exists. */
  readonly deletes: readonly { readonly table: string; readonly sql: string }[];
}
