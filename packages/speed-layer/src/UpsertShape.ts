/** The parts of a guarded multi-row upsert, identifiers already quoted. */
export interface UpsertShape {
  readonly table: string;
  /** Every column written, key columns included, the version column among them. */
  readonly columns: readonly string[];
  readonly keyColumns: readonly string[];
  /** The column compared by the version guard. */
  readonly version: string;
  /** SQL producing the rows, in `columns` order: a `rowSource`'s `sql`. */
  readonly source: string;
}
