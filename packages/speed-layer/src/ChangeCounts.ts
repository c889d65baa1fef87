/** Running totals of one `applyFiles` call (see `SinkResult`). */
export interface ChangeCounts {
  rows: number;
  inserted: number;
  updated: number;
  deleted: number;
  stale: number;
}
