import type { Sink, SinkTable, TableChanges } from '@ferry/core';
import {
  openPglite,
  openSpeedLayer,
  openSqlTarget,
  pgliteClient,
  pgliteSpeedLayer,
  postgresDialect,
  type SqlTarget,
  writeBaseline,
} from '@ferry/speed-layer';
import { type BenchFile, countRows, fileChanges } from './benchFile.js';
import { expectRows, type Measurement, measurement, seconds } from './measure.js';

/** The schema (PostgreSQL) or database (MySQL) the bench owns on a shared server, dropped afterwards. */
const BENCH_NAMESPACE = 'ferry_bench';

export const speedLayerNames = ['pglite', 'postgres', 'mysql'] as const;
export type SpeedLayerName = (typeof speedLayerNames)[number];

/** One speed-layer database's upsert figures: the guarded sink beside its two baselines. */
export interface UpsertFigures {
  readonly dialect: SpeedLayerName;
  readonly server: string;
  readonly guarded: Measurement;
  readonly multiRow: Measurement;
  readonly perRow: Measurement;
}

/** The same database as ferry's sink and as the raw client the baselines write through. */
interface BenchSpeedLayer {
  readonly sink: Sink;
  readonly target: SqlTarget;
  close(): Promise<void>;
}

export interface ServerUrls {
  readonly postgres: string;
  readonly mysql: string;
}

/**
 * Writes the same rows `runs` times each way, each run into a fresh table, alternating the three ways so
 * the machine's noise spreads over all of them:
 * - guarded: ferry's `Sink.applyFiles` (dedupe, tombstone check, guarded multi-row upserts, ledger; one transaction);
 * - multi-row: `writeBaseline(…, 'multi-row')`, a plain INSERT in the same statement form and size, unguarded;
 * - per-row: `writeBaseline(…, 'per-row')`, one upsert statement per row, on the first `perRowChunks` rows.
 */
export async function measureUpsert(
  bench: BenchFile,
  name: SpeedLayerName,
  urls: ServerUrls,
  chunks: readonly TableChanges[],
  perRowChunks: readonly TableChanges[],
  runs: number,
  log: (line: string) => void,
): Promise<UpsertFigures> {
  const table = bench.mapping.speedLayer;
  if (!table) throw new Error('the bench mapping has no speed-layer table');
  const rows = countRows(chunks);
  const perRowRows = countRows(perRowChunks);
  const db = await openers[name](urls);
  try {
    const { client, dialect } = db.target;
    // `PostgreSQL 15.20 (Debian …)`, `10.11.19-MariaDB-…`: the build platform after " on " is left out.
    const server = String((await client.query('SELECT version()')).rows[0]![0]).split(' on ')[0]!;
    const columns = fileChanges(bench, bench.file.key, chunks).columns;
    const drop = (t: string) => client.query(`DROP TABLE IF EXISTS ${dialect.quote(t)}`);
    const sinkTable = (t: string): SinkTable => ({ ...table, id: `${table.id}:${t}`, name: t });

    const guarded = async (t: string, input: readonly TableChanges[], expected: number) => {
      const result = await db.sink.applyFiles(sinkTable(t), [fileChanges(bench, bench.file.key, input)]);
      expectRows(`${name} guarded`, result.inserted, expected);
    };
    const baseline = async (
      t: string,
      input: readonly TableChanges[],
      mode: 'multi-row' | 'per-row',
      expected: number,
    ) =>
      expectRows(
        `${name} ${mode}`,
        await writeBaseline(db.target, t, columns, table.keyColumns, input, mode),
        expected,
      );

    // Warm up (the sink's first call creates its ledger tables; the JIT settles), untimed.
    const sample = [chunks[0]!];
    const sampleRows = countRows(sample);
    await guarded('bench_warmup_guarded', sample, sampleRows);
    await baseline('bench_warmup_multi', sample, 'multi-row', sampleRows);
    await baseline('bench_warmup_per_row', [perRowChunks[0]!], 'per-row', countRows([perRowChunks[0]!]));
    for (const t of ['bench_warmup_guarded', 'bench_warmup_multi', 'bench_warmup_per_row']) await drop(t);

    const ways = {
      guarded: (t: string) => guarded(t, chunks, rows),
      multiRow: (t: string) => baseline(t, chunks, 'multi-row', rows),
      perRow: (t: string) => baseline(t, perRowChunks, 'per-row', perRowRows),
    };
    const order = Object.keys(ways) as (keyof typeof ways)[];
    const times = { guarded: [] as number[], multiRow: [] as number[], perRow: [] as number[] };
    for (let run = 1; run <= runs; run++) {
      // Each run starts with a different way: dropping a big table leaves the server background work
      // (purge, checkpoint) that would otherwise always land on the same successor.
      const shift = (run - 1) % order.length;
      for (const way of [...order.slice(shift), ...order.slice(0, shift)]) {
        const t = `bench_${way.toLowerCase()}_${run}`;
        times[way].push(await seconds(() => ways[way](t)));
        await drop(t);
      }
      log(
        `${name} run ${run}/${runs}: guarded ${times.guarded.at(-1)!.toFixed(2)} s, multi-row ${times.multiRow.at(-1)!.toFixed(2)} s, per-row ${times.perRow.at(-1)!.toFixed(2)} s`,
      );
    }
    return {
      dialect: name,
      server,
      guarded: measurement(`${name}: ferry guarded upsert (Sink.applyFiles)`, rows, times.guarded),
      multiRow: measurement(`${name}: unguarded multi-row INSERT`, rows, times.multiRow),
      perRow: measurement(`${name}: per-row upsert loop`, perRowRows, times.perRow),
    };
  } finally {
    await db.close();
  }
}

/** How each database is opened for the bench, isolated from everything else on it. */
const openers: Record<SpeedLayerName, (urls: ServerUrls) => Promise<BenchSpeedLayer>> = {
  async pglite() {
    // In memory: one instance shared by the sink and the baselines (two instances cannot share a directory).
    const pglite = await openPglite('memory');
    const sink = await pgliteSpeedLayer(pglite);
    return {
      sink,
      target: { client: pgliteClient(pglite, false), dialect: postgresDialect('pglite') },
      close: async () => {
        await sink.close();
        await pglite.close();
      },
    };
  },
  async postgres(urls) {
    await onServer(urls.postgres, [
      `DROP SCHEMA IF EXISTS ${BENCH_NAMESPACE} CASCADE`,
      `CREATE SCHEMA ${BENCH_NAMESPACE}`,
    ]);
    const url = new URL(urls.postgres);
    url.searchParams.set('options', `-c search_path=${BENCH_NAMESPACE}`);
    return openByUrl(url.toString(), () => onServer(urls.postgres, [`DROP SCHEMA ${BENCH_NAMESPACE} CASCADE`]));
  },
  async mysql(urls) {
    await onServer(urls.mysql, [`DROP DATABASE IF EXISTS ${BENCH_NAMESPACE}`, `CREATE DATABASE ${BENCH_NAMESPACE}`]);
    const url = new URL(urls.mysql);
    url.pathname = `/${BENCH_NAMESPACE}`;
    return openByUrl(url.toString(), () => onServer(urls.mysql, [`DROP DATABASE ${BENCH_NAMESPACE}`]));
  },
};

async function openByUrl(url: string, dropNamespace: () => Promise<void>): Promise<BenchSpeedLayer> {
  const sink = await openSpeedLayer(url);
  const target = await openSqlTarget(url);
  return {
    sink,
    target,
    close: async () => {
      await sink.close();
      await target.client.close();
      await dropNamespace();
    },
  };
}

/** Runs `statements` on the server the URL names, as the URL's user. */
async function onServer(url: string, statements: readonly string[]): Promise<void> {
  const { client } = await openSqlTarget(url);
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.close();
  }
}
