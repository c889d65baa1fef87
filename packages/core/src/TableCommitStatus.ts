/**
 * What a sink's ledger (and quarantine record) says about one mapping entry (`<source>:<schema>.<table>`):
 * `ferry status`, the scheduled freshness check and the warehouse's `ferry_table_status` view read it.
 * Counts cover files committed in the hour / day before the `now` the caller gave.
 */
export interface TableCommitStatus {
  /** The mapping entry, as ledgers key it. */
  readonly tableId: string;
  /** The file committed last (by commit time), absent when the ledger has none for the entry. */
  readonly lastFile?: string;
  /** When that file's transaction committed (the sink's clock). */
  readonly lastCommittedAt?: Date;
  readonly filesLastHour: number;
  readonly filesLastDay: number;
  /** Row changes in those files: 64-bit in every ledger, so never a JS number. */
  readonly rowsLastHour: bigint;
  readonly rowsLastDay: bigint;
  /**
   * Set while the sink refuses the entry's files for a reason only a person can fix (an incompatible column type
   * change, a json switch): the file refused first, why, and since when. Cleared when a file of the entry commits.
   */
  readonly quarantine?: { readonly reason: string; readonly fileKey: string; readonly since: Date };
}
