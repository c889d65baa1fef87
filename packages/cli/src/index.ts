export type { FileStore } from './FileStore.js';
export { formatQueryResult } from './formatQueryResult.js';
export { formatRunSummary } from './formatRunSummary.js';
export { localFileStore } from './localFileStore.js';
export { openWarehouse } from './openWarehouse.js';
export type { FileFailure, RunSummary, SinkName, TableSummary } from './RunSummary.js';
export { resolveMaskKey } from './resolveMaskKey.js';
export type { RunDeps } from './runOnce.js';
export { runOnce } from './runOnce.js';
