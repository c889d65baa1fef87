import type { SinkResult } from '@ferry/core';

/** Several sink transactions' results as one. */
export function sumResults(results: readonly SinkResult[]): SinkResult {
  return {
    filesCommitted: results.flatMap((r) => r.filesCommitted),
    filesAlreadyApplied: results.flatMap((r) => r.filesAlreadyApplied),
    rows: results.reduce((n, r) => n + r.rows, 0),
    inserted: results.reduce((n, r) => n + r.inserted, 0),
    updated: results.reduce((n, r) => n + r.updated, 0),
    deleted: results.reduce((n, r) => n + r.deleted, 0),
    stale: results.reduce((n, r) => n + r.stale, 0),
  };
}
