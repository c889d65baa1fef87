/**
 * Columns ferry adds to every target table. They start with `_ferry_` so they never collide with a source
 * column (mapping validation refuses source or target names with that prefix).
 */
export const metaColumns = {
  /** The position (see `position`) of the change that wrote the row; the version guard compares it. */
  position: '_ferry_position',
  /** Soft-delete flag (warehouse, `deletes: soft`). */
  deleted: '_ferry_deleted',
  /** The object key of the file the row's current version came from. */
  file: '_ferry_file',
} as const;
