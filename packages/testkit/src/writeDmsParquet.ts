import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DmsColumn } from './DmsColumn.js';
import type { DmsParquetOptions } from './DmsParquetOptions.js';
import { encodeDmsParquet } from './encodeDmsParquet.js';

/**
 * Writes a DMS-shaped parquet file at `path` (folders created as needed); the building block for tests
 * that need a hand-made or hostile file. For files too big to hold in memory use `DmsParquetWriter.toFile`.
 */
export async function writeDmsParquet(
  path: string,
  columns: readonly DmsColumn[],
  options: DmsParquetOptions = {},
): Promise<void> {
  const bytes = encodeDmsParquet(columns, options);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}
