import { createMappings } from './createMappings.js';
import { crossCheckSources } from './crossCheckSources.js';
import { jsonPath } from './jsonPath.js';
import type { MappingProblem } from './MappingProblem.js';
import type { Mappings } from './Mappings.js';
import { parseMappingFile } from './parseMappingFile.js';
import { resolveSource } from './resolveSource.js';
import type { SourceMapping } from './SourceMapping.js';

/**
 * Validates parsed mapping files together and resolves them; every problem found is returned (the
 * mappings are only usable when there are none).
 */
export function checkMappings(files: readonly { file: string; json: unknown }[]): {
  mappings: Mappings;
  problems: MappingProblem[];
} {
  const problems: MappingProblem[] = [];
  const seen = new Set<string>();
  const add = (problem: MappingProblem) => {
    // Source-level settings are checked once per table; say each thing once.
    const id = `${problem.file}\0${problem.path}\0${problem.message}`;
    if (seen.has(id)) return;
    seen.add(id);
    problems.push(problem);
  };
  const sources: SourceMapping[] = [];
  for (const { file, json } of files) {
    const report = (p: { path: readonly PropertyKey[]; message: string }) =>
      add({ file, path: jsonPath(p.path), message: p.message });
    const parsed = parseMappingFile(json, report);
    if (parsed) sources.push(resolveSource(file, parsed, report));
  }
  for (const problem of crossCheckSources(sources)) add(problem);
  return { mappings: createMappings(sources), problems };
}
