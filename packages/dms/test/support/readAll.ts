import type { ChangeBatch } from '@ferry/core';
import type { DmsParquetFile } from '../../src/index.js';

/** Every row group of an opened file, in order. */
export async function readAll(parquet: DmsParquetFile): Promise<ChangeBatch[]> {
  const batches: ChangeBatch[] = [];
  for await (const batch of parquet.rowGroups()) batches.push(batch);
  return batches;
}
