import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkStageName } from './checkStageName.js';
import { parseStageConfig } from './parseStageConfig.js';
import type { StageConfig } from './StageConfig.js';
import { StageConfigError } from './StageConfigError.js';

/**
 * Reads and validates `config/<stage>.json` under `root` (the repository). Errors name the file as
 * `config/<stage>.json` and the JSON path; a missing file lists the stages that exist.
 *
 * @example const config = await loadStageConfig('dev', { root: process.cwd() });
 */
export async function loadStageConfig(stage: string, options: { root: string }): Promise<StageConfig> {
  checkStageName(stage);
  const file = `config/${stage}.json`;
  let text: string;
  try {
    text = await readFile(join(options.root, file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const stages = (await readdir(join(options.root, 'config')).catch(() => []))
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -'.json'.length));
    const known = stages.length > 0 ? `stages with a config: ${stages.join(', ')}` : 'no stage has a config yet';
    throw new StageConfigError([{ file, path: '', message: `not found (${known}) — create it (docs/deploy.md)` }], {
      cause: error,
    });
  }
  let json: unknown;
  try {
    // Editors on some systems save a byte-order mark, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new StageConfigError([{ file, path: '', message: `not valid JSON: ${(error as Error).message}` }], {
      cause: error,
    });
  }
  const config = parseStageConfig(file, json);
  const credentialConfig = config.warehouse.googleCredentialConfig;
  if (credentialConfig !== undefined) {
    await access(join(options.root, credentialConfig)).catch((error: unknown) => {
      throw new StageConfigError(
        [
          {
            file,
            path: 'warehouse.googleCredentialConfig',
            message: `${JSON.stringify(credentialConfig)} does not exist (a path relative to the repository)`,
          },
        ],
        { cause: error },
      );
    });
  }
  return config;
}
