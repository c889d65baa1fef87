import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { DemoFile } from './DemoFile.js';

/**
 * Writes one `DemoDmsWriter` tick's files under `dir` in the landing-bucket layout (`<dir>/<key>`), in
 * order, and returns their paths. Mappings are the caller's to write (`writer.mappings`).
 */
export async function writeDemoTick(files: readonly DemoFile[], dir: string): Promise<string[]> {
  const root = resolve(dir);
  const paths: string[] = [];
  for (const file of files) {
    const path = join(root, ...file.key.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.body);
    paths.push(path);
  }
  return paths;
}
