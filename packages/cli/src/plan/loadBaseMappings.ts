import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { FerryError } from '@ferry/core';
import { loadMappings, type Mappings, parseMappings } from '@ferry/mappings';

const run = promisify(execFile);

/**
 * The mappings a stage runs now, to diff a deploy against: a folder (`--base`), or the mappings folder as of the
 * git tag `deployed/<stage>` that the deploy workflow moves after each deploy. No tag yet means a first deploy:
 * nothing is deployed, so every table is new.
 */
export async function loadBaseMappings(options: {
  mappingsDir: string;
  base?: string;
  stage?: string;
}): Promise<{ mappings: Mappings; against: string }> {
  if (options.base !== undefined) return { mappings: await loadMappings(options.base), against: options.base };
  if (options.stage === undefined) return { mappings: parseMappings([]), against: 'nothing (no --stage or --base)' };
  const ref = `deployed/${options.stage}`;
  const dir = resolve(options.mappingsDir);
  let top: string;
  try {
    top = (await run('git', ['rev-parse', '--show-toplevel'], { cwd: dir })).stdout.trim();
  } catch (cause) {
    throw new FerryError(`${dir} is not in a git checkout, so the deployed mappings cannot be found`, {
      hint: 'Pass --base <folder of the deployed mappings>',
      cause,
    });
  }
  const exists = await run('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: top }).then(
    () => true,
    () => false,
  );
  if (!exists) return { mappings: parseMappings([]), against: `nothing deployed (no ${ref} tag: a first deploy)` };
  const out = await mkdtemp(join(tmpdir(), 'ferry-base-'));
  try {
    const path = relative(top, dir);
    // `git archive` of a path the ref lacks fails; the stage then ran no mappings from this folder.
    const archived = await run('sh', ['-c', `git archive "$0" -- "$1" | tar -x -C "$2"`, ref, path, out], {
      cwd: top,
    }).then(
      () => true,
      () => false,
    );
    const mappings = archived ? await loadMappings(join(out, path)) : parseMappings([]);
    return { mappings, against: `${ref} (${path})` };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
