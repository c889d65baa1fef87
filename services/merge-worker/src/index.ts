export { compose, type MergeWorkerParts } from './composition.js';
export { loadConfig, type MergeWorkerConfig } from './config.js';
export { createHandler } from './createHandler.js';
export { type MergeChangesDeps, mergeChanges, type StreamRecord } from './mergeChanges.js';
