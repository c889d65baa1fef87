import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SinkTable, TableChanges } from '@ferry/core';
import { DuckDbWarehouse } from '@ferry/warehouse/duckdb';
import { asUpdates, type BenchFile, countRows, fileChanges } from './benchFile.js';
import { expectRows, type Measurement, measurement, seconds } from './measure.js';

/** The DuckDB warehouse's merge throughput: a full load into a fresh table, then the same rows as newer updates. */
export interface MergeFigures {
  readonly insert: Measurement;
  readonly update: Measurement;
}

/**
 * Per run, in a fresh DuckDB database file under `dir` (as `ferry run` keeps its warehouse):
 * 1. `DuckDbWarehouse.applyFiles` of the full-load rows into a new table: every row inserted;
 * 2. the same rows again as a later CDC file's `U` changes: every row passes the version guard and is updated.
 * Each is one transaction (stage, dedupe, classify, MERGE, ledger).
 */
export async function measureMerge(
  bench: BenchFile,
  chunks: readonly TableChanges[],
  dir: string,
  runs: number,
  log: (line: string) => void,
): Promise<MergeFigures> {
  const table = bench.mapping.warehouse;
  if (!table) throw new Error('the bench mapping has no warehouse table');
  const rows = countRows(chunks);
  const updates = asUpdates(chunks, bench.updatesFile);
  const apply = async (warehouse: DuckDbWarehouse, t: SinkTable, key: string, input: readonly TableChanges[]) =>
    warehouse.applyFiles(t, [fileChanges(bench, key, input)]);

  // Warm up (JIT, DuckDB's extension loading) on one row group, untimed.
  const warm = await DuckDbWarehouse.open(':memory:');
  await apply(warm, table, bench.file.key, [chunks[0]!]);
  await warm.close();

  const times = { insert: [] as number[], update: [] as number[] };
  for (let run = 1; run <= runs; run++) {
    const path = join(dir, `warehouse-bench-${process.pid}.duckdb`);
    const warehouse = await DuckDbWarehouse.open(path);
    try {
      times.insert.push(
        await seconds(async () => {
          const result = await apply(warehouse, table, bench.file.key, chunks);
          expectRows('merge insert', result.inserted, rows);
        }),
      );
      times.update.push(
        await seconds(async () => {
          const result = await apply(warehouse, table, bench.updatesFile.key, updates);
          expectRows('merge update', result.updated, rows);
        }),
      );
    } finally {
      await warehouse.close();
      await rm(path, { force: true });
      await rm(`${path}.wal`, { force: true });
    }
    log(
      `merge run ${run}/${runs}: insert ${times.insert.at(-1)!.toFixed(2)} s, update ${times.update.at(-1)!.toFixed(2)} s`,
    );
  }
  return {
    insert: measurement('DuckDB merge: full load into a new table', rows, times.insert),
    update: measurement('DuckDB merge: same rows as newer CDC updates', rows, times.update),
  };
}
