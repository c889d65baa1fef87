/**
 * How the merge treats the newest staged change of one key, as `compileMerge`'s `classify` statement reports
 * it (column `outcome`), so `SinkResult` counts are exact:
 * - `stale`: the version guard refuses it (its position is not newer than the stored row's or tombstone's);
 * - `deleted`: a delete is applied (the row flagged or removed; a key the sink never held is kept as deleted);
 * - `inserted`: the key had no live row; `updated`: it had one.
 */
export const MergeOutcome = {
  inserted: 'inserted',
  updated: 'updated',
  deleted: 'deleted',
  stale: 'stale',
} as const;

export type MergeOutcome = (typeof MergeOutcome)[keyof typeof MergeOutcome];
