import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkMappings } from './checkMappings.js';
import { jsonPath } from './jsonPath.js';
import { jsonTextProblems } from './jsonTextProblems.js';
import { MappingError } from './MappingError.js';
import type { MappingProblem } from './MappingProblem.js';
import type { Mappings } from './Mappings.js';

/** The generated JSON Schema that sits beside the mapping files; not a mapping itself. */
const SCHEMA_FILE = 'mappings.schema.json';

/**
 * Reads every `*.json` in `dir` (except `mappings.schema.json`) as one mapping file and validates them
 * together. Throws one `MappingError` listing every problem: invalid JSON with line and column, keys
 * given twice, and everything `parseMappings` checks.
 *
 * @example const mappings = await loadMappings('./mappings');
 */
export async function loadMappings(dir: string): Promise<Mappings> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json') && n !== SCHEMA_FILE).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'folder not found — create it with one <source>.json per DMS source, or point to the folder that has them'
        : `cannot read the folder (${code ?? String(error)})`;
    throw new MappingError([{ file: dir, path: '', message }], { cause: error });
  }

  const problems: MappingProblem[] = [];
  const files: { file: string; json: unknown }[] = [];
  for (const name of names) {
    // Editors on some systems save a byte-order mark, which JSON.parse refuses.
    const text = (await readFile(join(dir, name), 'utf8')).replace(/^\uFEFF/, '');
    let json: unknown;
    let parseError: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      parseError = error ?? 'invalid JSON';
    }
    const textProblems = jsonTextProblems(text, parseError);
    for (const p of textProblems) problems.push({ file: name, path: jsonPath(p.path), message: p.message });
    if (parseError === undefined) files.push({ file: name, json });
  }
  const checked = checkMappings(files);
  problems.push(...checked.problems);
  if (problems.length > 0) throw new MappingError(problems);
  return checked.mappings;
}
