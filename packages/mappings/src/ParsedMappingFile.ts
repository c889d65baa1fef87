import type { z } from 'zod';
import type { mappingFileSchema } from './mappingFileSchema.js';

/** A mapping file after zod (fixed defaults applied; defaults that depend on other fields not yet). */
export type ParsedMappingFile = z.output<typeof mappingFileSchema>;
