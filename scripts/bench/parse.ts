import { DuckDBInstance } from '@duckdb/node-api';
import type { BenchFile } from './benchFile.js';
import { expectRows, type Measurement, measurement, seconds } from './measure.js';

/** Parse throughput: ferry's reader against DuckDB's own parquet reader on the same file. */
export interface ParseFigures {
  readonly ferry: Measurement;
  readonly duckdb: Measurement;
  /** DuckDB held to one thread, as ferry's reader runs on one: for reading the ratio, not a target. */
  readonly duckdbOneThread: Measurement;
  readonly duckdbThreads: number;
}

/**
 * Reads the whole file `runs` times each way, alternating:
 * - ferry: `openDmsParquet` and every row group into a `ChangeBatch` (exact values, ops, positions);
 * - DuckDB: `CREATE TEMP TABLE … AS SELECT * FROM read_parquet(…)`, so every value is decoded and
 *   materialized, with DuckDB's default threads (one per core): the ceiling; then again on one thread.
 */
export async function measureParse(bench: BenchFile, runs: number, log: (line: string) => void): Promise<ParseFigures> {
  const rows = bench.large.rows;
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    const threads = Number((await db.runAndReadAll(`SELECT current_setting('threads')`)).getRows()[0]![0]);
    const ferry: number[] = [];
    const duckdb: number[] = [];
    const oneThread: number[] = [];
    const duckdbRead = async (n: number) => {
      await db.run(`SET threads = ${n}`);
      const s = await seconds(() =>
        db.run('CREATE TEMP TABLE bench_read AS SELECT * FROM read_parquet($path)', { path: bench.large.path }),
      );
      const count = (await db.runAndReadAll('SELECT count(*) FROM bench_read')).getRows()[0]![0];
      expectRows('DuckDB read', Number(count), rows);
      await db.run('DROP TABLE bench_read');
      return s;
    };
    for (let run = 1; run <= runs; run++) {
      ferry.push(
        await seconds(() =>
          bench.read(async (parquet) => {
            let read = 0;
            for await (const batch of parquet.rowGroups()) read += batch.rowCount;
            expectRows('ferry read', read, rows);
          }),
        ),
      );
      duckdb.push(await duckdbRead(threads));
      oneThread.push(await duckdbRead(1));
      log(
        `parse run ${run}/${runs}: ferry ${ferry.at(-1)!.toFixed(2)} s, DuckDB ${duckdb.at(-1)!.toFixed(2)} s, on 1 thread ${oneThread.at(-1)!.toFixed(2)} s`,
      );
    }
    return {
      ferry: measurement('ferry: DMS parquet → ChangeBatch', rows, ferry),
      duckdb: measurement(`DuckDB read_parquet → temp table (${threads} threads)`, rows, duckdb),
      duckdbOneThread: measurement('DuckDB read_parquet → temp table (1 thread)', rows, oneThread),
      duckdbThreads: threads,
    };
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
