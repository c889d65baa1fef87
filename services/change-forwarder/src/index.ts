export { type ChangeForwarderParts, compose } from './composition.js';
export { type ChangeForwarderConfig, loadConfig } from './config.js';
export { createHandler } from './createHandler.js';
export { type ForwardFilesDeps, forwardFiles } from './forwardFiles.js';
