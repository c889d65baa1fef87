import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDeployment, type Deployment, loadStageConfig } from '@ferry/deploy';
import { loadMappings } from '@ferry/mappings';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * `custom.ferry` of serverless.yml for one stage: `config/<stage>.json` and the mappings, validated exactly as
 * `ferry mappings check` validates them, turned into the deployment (`buildDeployment`). `mappingsDir` (osls
 * `--param mappings=<dir>`, relative to the repository) replaces `mappings/`; its files are then the ones bundled.
 * A problem stops packaging with the message the CLI prints, and no stack trace.
 */
export async function resolveStage(input: { stage: string; mappingsDir?: string | undefined }): Promise<Deployment> {
  try {
    const dir = input.mappingsDir ?? 'mappings';
    if (isAbsolute(dir) || relative(ROOT, join(ROOT, dir)).startsWith('..')) {
      throw new Error(`--param mappings=${dir}: give a folder inside the repository, relative to it`);
    }
    const config = await loadStageConfig(input.stage, { root: ROOT });
    const mappings = await loadMappings(join(ROOT, dir));
    return buildDeployment(input.stage, config, mappings, { mappingsDir: dir });
  } catch (error) {
    // osls prints a resolver's error with its stack; the message alone is what a person needs.
    if (error instanceof Error) error.stack = error.message;
    throw error;
  }
}
