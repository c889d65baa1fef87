/**
 * `pnpm bench`: ferry's throughput beside its baselines and ceilings, from one run on one generated DMS
 * full-load file (issue 2, "Done when"). Progress goes to stderr; stdout gets the table, or with `--json`
 * the same figures as JSON and nothing else. A missed target is reported as MISS and still exits 0;
 * a measurement that cannot run (a server down) is reported and exits 1.
 *
 *   pnpm bench [--rows N] [--only parse|upsert|merge|records|pipeline|bundles|snowflake-staging] [--runs N] [--upsert-rows N]
 *              [--per-row-rows N] [--pipeline-seconds N] [--ramp-seconds N] [--json]
 *
 * (`pnpm -s bench --json` keeps pnpm's own script banner off stdout.) `--only records` needs no bench file or
 * server: it measures the Kinesis change-record codecs on small generated CDC files. `--only pipeline` runs
 * the whole local pipeline (issue 3): latency at 1,000 rows/s for `--pipeline-seconds` (default 60), on
 * PGlite and on the PostgreSQL server, then a ramp of `--ramp-seconds` steps (default 20) to the highest
 * sustained rate. `--only bundles` bundles each function with esbuild and times its module init.
 * `--only snowflake-staging` stages the first 1,000, 10,000 and 100,000 rows of its own 100,000-row bench file
 * into the Snowflake stand-in with array binds and with PUT + COPY, side by side.
 */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { version as duckdbVersion } from '@duckdb/node-api';
import type { TableChanges } from '@ferry/core';
import { benchFile, loadChanges, takeRows } from './benchFile.js';
import { formatBundles, measureBundles } from './bundles.js';
import { measureMerge } from './merge.js';
import { measureParse } from './parse.js';
import { formatPipeline, measurePipeline } from './pipeline.js';
import { formatRecords, measureRecords } from './records.js';
import { type BenchReport, formatReport, ratios } from './report.js';
import { formatSnowflakeStaging, measureSnowflakeStaging, SNOWFLAKE_STAGING_SIZES } from './snowflakeStaging.js';
import { measureUpsert, speedLayerNames, type UpsertFigures } from './upsert.js';

const BENCH_DIR = fileURLToPath(new URL('../../.ferry/bench/', import.meta.url));
const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));
/** The file's generator seed: the same seed and rows reuse the file already generated. */
const SEED = 1;
const MEASUREMENTS = ['parse', 'upsert', 'merge', 'records', 'pipeline', 'bundles', 'snowflake-staging'] as const;

const USAGE =
  'pnpm bench [--rows N] [--only parse|upsert|merge|records|pipeline|bundles|snowflake-staging] [--runs N] [--upsert-rows N] ' +
  '[--per-row-rows N] [--pipeline-seconds N] [--ramp-seconds N] [--json]';
const args = parsedArgs();
const rows = positive('rows');
const runs = positive('runs');
const upsertRows = Math.min(positive('upsert-rows'), rows);
const perRowRows = Math.min(positive('per-row-rows'), upsertRows);
const pipelineOptions = {
  steadySeconds: positive('pipeline-seconds'),
  rampSeconds: positive('ramp-seconds'),
  postgresUrl: process.env.FERRY_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test',
};
if (args.only !== undefined && !MEASUREMENTS.includes(args.only as never)) {
  fail(`--only must be one of ${MEASUREMENTS.join(', ')}, got ${JSON.stringify(args.only)}`);
}
const run = (m: (typeof MEASUREMENTS)[number]) => args.only === undefined || args.only === m;
const log = (line: string) => process.stderr.write(`${line}\n`);
const urls = {
  postgres: process.env.FERRY_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test',
  mysql: process.env.FERRY_TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306/test',
};

const loadAverage = loadavg()[0]!;
if (args.only === 'records') {
  // The codec figures come from their own small workload: skip generating the million-row file.
  const figures = await measureRecords(runs, log);
  process.stdout.write(args.json ? `${JSON.stringify(figures, null, 2)}\n` : formatRecords(figures));
  process.exit(0);
}
if (args.only === 'bundles') {
  const figures = await measureBundles(REPO_DIR, log);
  process.stdout.write(args.json ? `${JSON.stringify(figures, null, 2)}\n` : formatBundles(figures));
  process.exit(0);
}
if (args.only === 'pipeline') {
  // Its own workload (the demo writer), so no bench file either; a run that could not measure exits 1.
  const figures = await measurePipeline(pipelineOptions, log);
  process.stdout.write(args.json ? `${JSON.stringify(figures, null, 2)}\n` : formatPipeline(figures));
  process.exit(figures.errors.length > 0 ? 1 : 0);
}
/** Its own bench file, the size of its largest batch: the same rows whatever `--rows` says. */
const snowflakeStaging = async () => {
  const size = Math.max(...SNOWFLAKE_STAGING_SIZES);
  const file = await benchFile(BENCH_DIR, size, SEED, log);
  return measureSnowflakeStaging(file, await loadChanges(file, size), runs, log);
};
if (args.only === 'snowflake-staging') {
  const figures = await snowflakeStaging();
  process.stdout.write(args.json ? `${JSON.stringify(figures, null, 2)}\n` : formatSnowflakeStaging(figures));
  process.exit(0);
}
const bench = await benchFile(BENCH_DIR, rows, SEED, log);
const errors: { measurement: string; error: string }[] = [];
const attempt = async <T>(measurement: string, work: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await work();
  } catch (error) {
    log(`${measurement} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    errors.push({ measurement, error: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
};

const parse = run('parse') ? await attempt('parse', () => measureParse(bench, runs, log)) : undefined;

let changes: TableChanges[] = [];
if (run('upsert') || run('merge')) {
  const needed = run('merge') ? rows : upsertRows;
  log(`loading ${needed.toLocaleString('en')} rows into memory for the sinks …`);
  changes = await loadChanges(bench, needed);
}

let upsert: UpsertFigures[] | undefined;
if (run('upsert')) {
  upsert = [];
  const chunks = takeRows(changes, upsertRows);
  const perRow = takeRows(changes, perRowRows);
  for (const name of speedLayerNames) {
    const figures = await attempt(`upsert ${name}`, () => measureUpsert(bench, name, urls, chunks, perRow, runs, log));
    if (figures) upsert.push(figures);
  }
}

const merge = run('merge')
  ? await attempt('merge', () => measureMerge(bench, changes, BENCH_DIR, runs, log))
  : undefined;

const records = run('records') ? await attempt('records', () => measureRecords(runs, log)) : undefined;
const bundles = run('bundles') ? await attempt('bundles', () => measureBundles(REPO_DIR, log)) : undefined;
const pipeline = run('pipeline') ? await attempt('pipeline', () => measurePipeline(pipelineOptions, log)) : undefined;
const staging = run('snowflake-staging') ? await attempt('snowflake-staging', snowflakeStaging) : undefined;
for (const e of pipeline?.errors ?? []) errors.push(e);

const report: BenchReport = {
  machine: {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    duckdb: duckdbVersion(),
    loadAverage,
  },
  file: {
    path: relative(process.cwd(), bench.large.path),
    rows: bench.large.rows,
    bytes: bench.large.bytes,
    rowGroups: bench.rowGroups,
  },
  runs,
  ...(parse && { parse }),
  ...(upsert && { upsert }),
  ...(merge && { merge }),
  errors,
  ratios: ratios(parse, upsert),
};
process.stdout.write(
  args.json
    ? `${JSON.stringify({ ...report, ...(records && { records }), ...(bundles && { bundles }), ...(pipeline && { pipeline }), ...(staging && { snowflakeStaging: staging }) }, null, 2)}\n`
    : `${formatReport(report)}${records ? `\n${formatRecords(records)}` : ''}` +
        `${bundles ? `\n${formatBundles(bundles)}` : ''}${pipeline ? `\n${formatPipeline(pipeline)}` : ''}` +
        `${staging ? `\n${formatSnowflakeStaging(staging)}` : ''}`,
);
process.exitCode = errors.length > 0 ? 1 : 0;

function parsedArgs() {
  try {
    return parseArgs({
      options: {
        rows: { type: 'string', default: '1000000' },
        only: { type: 'string' },
        runs: { type: 'string', default: '3' },
        // What keeps the three databases' upserts within a couple of minutes on two busy cores.
        'upsert-rows': { type: 'string', default: '100000' },
        // The naive loop is slow; its rate per row barely depends on how many rows it writes.
        'per-row-rows': { type: 'string', default: '2000' },
        // The issue's steady run is 60 s; shorter for a quick look.
        'pipeline-seconds': { type: 'string', default: '60' },
        'ramp-seconds': { type: 'string', default: '20' },
        json: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

function positive(
  name: 'rows' | 'runs' | 'upsert-rows' | 'per-row-rows' | 'pipeline-seconds' | 'ramp-seconds',
): number {
  const text = args[name]!.replace(/_/g, '');
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1)
    fail(`--${name} must be a positive integer, got ${args[name]}`);
  return n;
}

function fail(message: string): never {
  process.stderr.write(`pnpm bench: ${message}\nusage: ${USAGE}\n`);
  process.exit(2);
}
