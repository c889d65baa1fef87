import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type { SinkTable, TableChanges } from '@ferry/core';
import { type SnowflakeStandIn, startSnowflakeStandIn } from '@ferry/testkit';
import type { SnowflakeWarehouseConfig } from '@ferry/warehouse';
import { SnowflakeWarehouse } from '@ferry/warehouse/snowflake';
import { type BenchFile, fileChanges, takeRows } from './benchFile.js';
import { expectRows, type Measurement, measurement } from './measure.js';

/** Batch sizes, in rows of the bench table (the workload's `shop.orders` column mix). */
export const SNOWFLAKE_STAGING_SIZES = [1_000, 10_000, 100_000] as const;
const MODES = ['binds', 'copy'] as const;
type Mode = (typeof MODES)[number];

/**
 * Requests a real Snowflake PUT adds per file on S3, beyond the Snowflake API calls the stand-in counts: the
 * SDK reads the bucket's accelerate configuration, then uploads with one PutObject below its 64 MiB multipart
 * threshold (snowflake-sdk dist/lib/file_transfer_agent: file_transfer_agent.js, s3_util.js, multipart.js).
 */
const STORAGE_REQUESTS_PER_FILE = 2;

type Connection = Extract<SnowflakeWarehouseConfig, { connection: unknown }>['connection'];
type ExecuteOptions = Parameters<Connection['execute']>[0];
interface SnowflakeSdk {
  configure(options: { logLevel: string; disableOCSPChecks: boolean }): void;
  createConnection(options: Record<string, unknown>): Connection;
}
/**
 * The snowflake-sdk @ferry/warehouse loads (the scripts package does not depend on it): the same module
 * instance, so `configure` reaches the connections the warehouse makes.
 */
const sdk = createRequire(new URL('../../packages/warehouse/package.json', import.meta.url))(
  'snowflake-sdk',
) as SnowflakeSdk;

/** One mode on one batch size. */
export interface StagingFigures {
  readonly mode: Mode;
  readonly rows: number;
  /** The staging step only: from the staging table's creation to its last row landing (client work included). */
  readonly staging: Measurement;
  /** The whole `applyFiles` of the batch into a new table (DDL, staging, dedupe, MERGE, ledger). */
  readonly batch: Measurement;
  /** HTTP requests the SDK sent to the stand-in during the staging step (Snowflake API calls). */
  readonly requests: number;
  /** Of those, the statements (INSERT, or CREATE STAGE, PUT, COPY). */
  readonly statements: number;
  /** Cloud-storage requests a real PUT adds (`STORAGE_REQUESTS_PER_FILE` per staged file); 0 for binds. */
  readonly storageRequests: number;
  /**
   * Bytes the client sent: request bodies as they arrived (snowflake-sdk 3.3.0 sends JSON uncompressed: it
   * gzips after building the request, dist/lib/http/base.js), plus the staged files (gzip CSV).
   */
  readonly bytesSent: number;
  /** Of `bytesSent`, the staged files. */
  readonly fileBytes: number;
}

export interface SnowflakeStagingReport {
  readonly runs: number;
  readonly columns: number;
  readonly figures: readonly StagingFigures[];
}

/** Statements of the staging step, as the adapter sends them in either mode. */
const STAGING_STATEMENT = /^(INSERT INTO "_ferry_stage_|CREATE TEMPORARY STAGE|PUT |COPY INTO "_ferry_stage_)/;
const CREATE_STAGING = /^CREATE OR REPLACE TEMPORARY TABLE "_ferry_stage_/;

interface Window {
  start?: { at: number; requests: number; bytes: number; files: number; fileBytes: number };
  end?: { at: number; requests: number; bytes: number; files: number; fileBytes: number };
  statements: number;
}

/**
 * `SnowflakeWarehouse` with `staging: 'binds'` and `staging: 'copy'` through the real snowflake-sdk against the
 * testkit stand-in, on the same batches: the first 1,000, 10,000 and 100,000 rows of the bench file as one DMS
 * file each, applied into a new table per run (after one untimed warm-up per mode). Per mode and size: median
 * wall time of the staging step and of the whole batch, and what the client sent during staging (HTTP requests
 * and bytes from the stand-in's own counters, plus the staged file a PUT uploads).
 *
 * The stand-in runs an array bind row by row on DuckDB, so binds' wall time here overstates what Snowflake
 * spends; the request counts and bytes are what carry over.
 */
export async function measureSnowflakeStaging(
  bench: BenchFile,
  chunks: readonly TableChanges[],
  runs: number,
  log: (line: string) => void,
): Promise<SnowflakeStagingReport> {
  const table = bench.mapping.warehouse;
  if (!table) throw new Error('the bench mapping has no warehouse table');
  sdk.configure({ logLevel: 'OFF', disableOCSPChecks: true });
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const standIn = await startSnowflakeStandIn({ publicKey });
  const figures: StagingFigures[] = [];
  try {
    for (const mode of MODES) {
      let window: Window = { statements: 0 };
      const connection = observed(await connect(standIn, privateKey), standIn, () => window);
      const warehouse = await SnowflakeWarehouse.open({ connection, label: `stand-in (${mode})`, staging: mode });
      let namespace = 0;
      const apply = async (rows: number) => {
        window = { statements: 0 };
        const t: SinkTable = { ...table, namespace: `bench_${mode}_${++namespace}` };
        const input = takeRows(chunks, rows);
        const start = performance.now();
        const result = await warehouse.applyFiles(t, [fileChanges(bench, bench.file.key, input)]);
        const seconds = (performance.now() - start) / 1000;
        expectRows(`snowflake staging ${mode}`, result.inserted, rows);
        const { start: from, end: to } = window;
        if (from === undefined || to === undefined) throw new Error(`${mode}: no staging step was observed`);
        return {
          seconds,
          staging: (to.at - from.at) / 1000,
          requests: to.requests - from.requests,
          statements: window.statements,
          bytes: to.bytes - from.bytes,
          files: to.files - from.files,
          fileBytes: to.fileBytes - from.fileBytes,
        };
      };
      try {
        await apply(SNOWFLAKE_STAGING_SIZES[0]); // warm-up: JIT, the session's first statements, the stage
        for (const rows of SNOWFLAKE_STAGING_SIZES) {
          const done: Awaited<ReturnType<typeof apply>>[] = [];
          for (let run = 1; run <= runs; run++) {
            done.push(await apply(rows));
            const last = done.at(-1)!;
            log(
              `snowflake staging ${mode} ${rows.toLocaleString('en')} rows, run ${run}/${runs}: staging ` +
                `${last.staging.toFixed(2)} s, batch ${last.seconds.toFixed(2)} s, ${last.requests} requests`,
            );
          }
          // Requests and bytes do not vary between runs of one batch: the last run's stand for all.
          const last = done.at(-1)!;
          figures.push({
            mode,
            rows,
            staging: measurement(
              `${mode} staging`,
              rows,
              done.map((d) => d.staging),
            ),
            batch: measurement(
              `${mode} batch`,
              rows,
              done.map((d) => d.seconds),
            ),
            requests: last.requests,
            statements: last.statements,
            storageRequests: last.files * STORAGE_REQUESTS_PER_FILE,
            bytesSent: last.bytes + last.fileBytes,
            fileBytes: last.fileBytes,
          });
        }
      } finally {
        await warehouse.close();
      }
    }
  } finally {
    await standIn.stop();
  }
  return { runs, columns: bench.large.columns.length, figures };
}

function connect(standIn: SnowflakeStandIn, privateKey: string): Promise<Connection> {
  const connection = sdk.createConnection({
    account: standIn.account,
    accessUrl: standIn.accessUrl,
    username: standIn.username,
    authenticator: 'SNOWFLAKE_JWT',
    privateKey,
    database: standIn.database,
    schema: standIn.schema,
    jsTreatIntegerAsBigInt: true,
  });
  return new Promise((resolve, reject) => connection.connect((err) => (err ? reject(err) : resolve(connection))));
}

/**
 * `connection` with its statements timed: the staging step starts when the staging table's CREATE completes
 * and ends when its last staging statement (INSERT, or CREATE STAGE, PUT, COPY) completes; the stand-in's
 * traffic counters are read at both moments.
 */
function observed(connection: Connection, standIn: SnowflakeStandIn, window: () => Window): Connection {
  const snapshot = () => ({
    at: performance.now(),
    requests: standIn.traffic.requests,
    bytes: standIn.traffic.requestBytes,
    files: standIn.traffic.copiedFiles,
    fileBytes: standIn.traffic.copiedBytes,
  });
  const execute = (options: ExecuteOptions) => {
    const sql = options.sqlText ?? '';
    return connection.execute({
      ...options,
      complete: (err, statement, rows) => {
        const w = window();
        if (!err && CREATE_STAGING.test(sql)) w.start = snapshot();
        if (!err && STAGING_STATEMENT.test(sql)) {
          w.end = snapshot();
          w.statements += 1;
        }
        options.complete?.(err, statement, rows);
      },
    });
  };
  return new Proxy(connection, {
    get(target, property) {
      if (property === 'execute') return execute;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The figures side by side, one line per batch size. */
export function formatSnowflakeStaging(report: SnowflakeStagingReport): string {
  const head = [
    'rows',
    'mode',
    'staging s',
    'staging rows/s',
    'batch s',
    'API requests',
    'statements',
    'storage requests',
    'bytes sent',
    'of it file',
  ];
  const body = report.figures.map((f) => [
    f.rows.toLocaleString('en'),
    f.mode,
    f.staging.medianSeconds.toFixed(3),
    Math.round(f.staging.rowsPerSecond).toLocaleString('en'),
    f.batch.medianSeconds.toFixed(3),
    String(f.requests),
    String(f.statements),
    String(f.storageRequests),
    f.bytesSent.toLocaleString('en'),
    f.fileBytes.toLocaleString('en'),
  ]);
  body.sort((a, b) => Number(a[0]!.replace(/,/g, '')) - Number(b[0]!.replace(/,/g, '')));
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((r) => [...r[c]!].length)));
  const lines = all.map((r) =>
    r.map((cell, c) => (c <= 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '),
  );
  return (
    `Snowflake staging through the stand-in (${report.columns} source columns; median of ${report.runs} runs): ` +
    'binds = array-bind INSERTs of ≤ 90,000 values, copy = gzip CSV, PUT to a temporary stage, COPY INTO. ' +
    'API requests = HTTP requests to Snowflake during staging; storage requests = what a real PUT adds on S3; ' +
    'bytes sent = request bodies as received (plain JSON) plus the staged file\n' +
    `${lines.join('\n')}\n`
  );
}
