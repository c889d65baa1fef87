import { z } from 'zod';
import { mappingFileSchema } from './mappingFileSchema.js';

/**
 * The JSON Schema of a mapping file, generated from the zod schema, with titles, descriptions and
 * defaults so editors autocomplete and flag mistakes. `ferry mappings schema` writes it to
 * `mappings/mappings.schema.json`.
 */
export function mappingsJsonSchema(): Record<string, unknown> {
  // `input`: fields with defaults are optional, as a person writes them.
  return z.toJSONSchema(mappingFileSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
