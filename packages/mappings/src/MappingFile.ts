import type { z } from 'zod';
import type { mappingFileSchema } from './mappingFileSchema.js';

/** A mapping file as written (defaults not yet applied): what a generator writes to `<source>.json`. */
export type MappingFile = z.input<typeof mappingFileSchema>;
