import { checkMappings } from './checkMappings.js';
import { MappingError } from './MappingError.js';
import type { Mappings } from './Mappings.js';

/**
 * Validates and resolves already-parsed mapping files (`file` is the name messages use). Throws one
 * `MappingError` listing every problem. Pure: `loadMappings` reads a folder and calls the same checks.
 *
 * @example parseMappings([{ file: 'brand-a.json', json: { source: 'brand-a', prefix: 'dms/brand-a/', tables: {} } }])
 */
export function parseMappings(files: readonly { file: string; json: unknown }[]): Mappings {
  const { mappings, problems } = checkMappings(files);
  if (problems.length > 0) throw new MappingError(problems);
  return mappings;
}
