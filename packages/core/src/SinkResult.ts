/**
 * What one sink transaction did for one table. Every change row read is counted once:
 * `rows = inserted + updated + deleted + stale`, where `stale` is a change not applied because a newer one
 * exists (refused by the version guard, or superseded by a later change of the same row in the batch).
 */
export interface SinkResult {
  /** Files committed by this call (their ledger rows were written). */
  readonly filesCommitted: readonly string[];
  /** Files skipped because the sink's ledger already held them. */
  readonly filesAlreadyApplied: readonly string[];
  readonly rows: number;
  readonly inserted: number;
  readonly updated: number;
  readonly deleted: number;
  readonly stale: number;
  /**
   * Each mapping entry's share, by entry id, when the call held files of several entries (`FileChanges.tableId`:
   * a consolidated warehouse table, one MERGE for all of them): the same counts, every row counted in the entry of
   * the file it came from. Absent when every file belonged to the call's own `SinkTable.id`.
   */
  readonly byTable?: Readonly<Record<string, Omit<SinkResult, 'byTable'>>>;
}
