/**
 * The speed layer's own tables, beside the app-facing ones in the connection's default schema
 * (the `_ferry_` prefix keeps them apart from mapped tables, which may not use it).
 */
export const ferryTables = {
  /** The ledger: one row per file committed to a table, written in the data's transaction (invariant 4). */
  appliedFiles: '_ferry_applied_files',
  /**
   * What the merge worker applied from the stream, per file: rows so far and when last. A file's rows arrive over
   * many Kinesis batches, so this is progress, not a ledger: `commitStatus` reads it beside `appliedFiles`.
   */
  streamFiles: '_ferry_stream_files',
  /** The position of each hard-deleted row, so an older, late change cannot bring it back (invariant 3). */
  tombstones: '_ferry_tombstones',
  /** Each column's ferry type, so a later file's type is judged with `columnTypeChange`. */
  columns: '_ferry_columns',
} as const;
