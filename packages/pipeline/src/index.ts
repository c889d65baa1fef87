export type { ApplyTableFilesDeps, TableFilesOutcome } from './applyTableFiles.js';
export { applyTableFiles } from './applyTableFiles.js';
export { dmsReadOptions } from './dmsReadOptions.js';
export type { FailedFile } from './FailedFile.js';
export { fileChanges } from './fileChanges.js';
export type { OpenFile } from './OpenFile.js';
export { sumResults } from './sumResults.js';
