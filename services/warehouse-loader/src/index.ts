export { compose, type WarehouseLoaderParts } from './composition.js';
export { loadConfig, type WarehouseLoaderConfig } from './config.js';
export { createHandler } from './createHandler.js';
export { type LoadFilesDeps, loadFiles } from './loadFiles.js';
