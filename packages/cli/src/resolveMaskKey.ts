import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The key masked columns are hashed with. It comes from config (`FERRY_MASK_KEY`), never from a mapping,
 * so whoever can read mappings cannot reverse a mask by hashing guesses. Locally, without config, a random
 * key is made once and kept in `stateFile` so repeated runs hash alike.
 */
export async function resolveMaskKey(env: NodeJS.ProcessEnv, stateFile: string): Promise<string> {
  const configured = env.FERRY_MASK_KEY;
  if (configured) return configured;
  try {
    return (await readFile(stateFile, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32).toString('hex');
  await mkdir(dirname(stateFile), { recursive: true });
  await writeFile(stateFile, `${key}\n`, { mode: 0o600 });
  return key;
}
