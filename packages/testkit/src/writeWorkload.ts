import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DmsParquetWriter } from './DmsParquetWriter.js';
import type { Workload } from './Workload.js';
import type { WrittenWorkload } from './WrittenWorkload.js';

/**
 * Writes a workload's files under `dir` in the landing-bucket layout (`<dir>/dms/<source>/<schema>/<table>/<file>`,
 * the key being the path relative to `dir`), one after the other in the workload's order, and its mapping
 * files as `<mappingsDir>/<source>.json`.
 *
 * `mappingsDir` defaults to `<dir>/mappings` (outside every source prefix, so a run over `dir` that looks
 * only at mapped prefixes never mistakes them for DMS files); pass another folder to keep `dir` pure
 * landing data, or `false` to write no mappings.
 */
export async function writeWorkload(
  workload: Workload,
  dir: string,
  options: { readonly mappingsDir?: string | false } = {},
): Promise<WrittenWorkload> {
  const root = resolve(dir);
  const keys: string[] = [];
  for (const file of workload.files) {
    const path = join(root, ...file.key.split('/'));
    await mkdir(dirname(path), { recursive: true });
    // Streamed to disk row group by row group: a large CDC file is never held whole in memory.
    const writer = DmsParquetWriter.toFile(path, file.columns, workload.options.parquet);
    writer.write(file.columns.map((c) => c.values));
    writer.finish();
    keys.push(file.key);
  }
  const mappingsDir =
    options.mappingsDir === false ? undefined : resolve(options.mappingsDir ?? join(root, 'mappings'));
  const mappingFiles: string[] = [];
  if (mappingsDir !== undefined) {
    await mkdir(mappingsDir, { recursive: true });
    for (const mapping of workload.mappings) {
      const path = join(mappingsDir, `${mapping.source}.json`);
      // Editors find the schema beside the file, as in the repo's mappings/ folder.
      await writeFile(path, `${JSON.stringify({ $schema: './mappings.schema.json', ...mapping }, null, 2)}\n`);
      mappingFiles.push(path);
    }
  }
  return { dir: root, keys, mappingsDir, mappingFiles };
}
