import type { ChangeBatch } from '@ferry/core';
import {
  type DmsParquetFile,
  type DmsParquetOptions,
  fileByteSource,
  openDmsParquet,
  parseDmsKey,
} from '../../src/index.js';
import { readAll } from './readAll.js';

/** Opens the local file `path` as the DMS object `key` (under prefix `dms/test/`) and reads every row group. */
export async function readParquetFile(
  path: string,
  key: string,
  options: DmsParquetOptions = {},
): Promise<{ parquet: DmsParquetFile; batches: ChangeBatch[] }> {
  const source = await fileByteSource(path);
  try {
    const parquet = await openDmsParquet(source, parseDmsKey(key, { source: 'test', prefix: 'dms/test/' }), options);
    return { parquet, batches: await readAll(parquet) };
  } finally {
    await source.close();
  }
}
