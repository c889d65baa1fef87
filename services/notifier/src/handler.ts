import { compose } from './composition.js';
import { loadConfig } from './config.js';
import { createHandler } from './createHandler.js';

/** The Lambda entry point: clients are built once per container, at module load. */
export const handler = createHandler(await compose(loadConfig()));
