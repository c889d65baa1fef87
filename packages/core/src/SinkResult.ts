/** What one sink transaction did for one table. `stale` counts changes the version guard refused. */
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
}
