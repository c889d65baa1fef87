import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ChangeSink, Sink } from '@ferry/core';
import { parseMappings } from '@ferry/mappings';
import {
  openPglite,
  pgClient,
  pgliteClient,
  postgresDialect,
  SpeedLayerSink,
  type SqlClient,
} from '@ferry/speed-layer';
import { encodeDmsParquet, generateWorkload, mysqlDmsType, sortRows, tcpProxy, type Workload } from '@ferry/testkit';
import { openWarehouse } from '@ferry/warehouse';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnyHandler, Pipeline, PipelineOptions } from '../src/dev/startPipeline.js';
import { startPipeline } from '../src/dev/startPipeline.js';
import { POSTGRES_URL } from './support/speedLayers.js';

/**
 * The whole pipeline on the local stack: S3 → SNS → both queues → warehouse loader and change forwarder →
 * Kinesis → merge worker, each handler built by its service's own composition, both sinks compared with
 * the workload's oracle.
 */
describe('the pipeline on the local AWS stack', { timeout: 150_000 }, () => {
  let logsDir: string;
  let pipeline: Pipeline | undefined;
  const closers: (() => Promise<unknown>)[] = [];
  beforeEach(async () => {
    logsDir = await mkdtemp(join(tmpdir(), 'ferry-pipeline-'));
  });
  afterEach(async () => {
    await pipeline?.stop();
    pipeline = undefined;
    for (const close of closers.splice(0).reverse()) await close();
    await rm(logsDir, { recursive: true, force: true });
  });

  const mappingsOf = (w: Workload, extra: { file: string; json: unknown }[] = []) =>
    parseMappings([...w.mappings.map((json) => ({ file: `${json.source}.json`, json })), ...extra]);

  async function start(options: Omit<PipelineOptions, 'logsDir' | 'maskKey'>): Promise<Pipeline> {
    pipeline = await startPipeline({ logsDir, maskKey: 'e2e-mask-key-0123456789', ...options });
    return pipeline;
  }

  async function pgliteSink(wrap?: (client: SqlClient) => SqlClient): Promise<Sink & ChangeSink> {
    const db = await openPglite('memory');
    closers.push(() => db.close());
    const client = pgliteClient(db, false);
    return new SpeedLayerSink(wrap ? wrap(client) : client, postgresDialect('pglite'), { ownsClient: false });
  }

  async function duckdb(): Promise<Sink> {
    const sink = await openWarehouse('duckdb::memory:');
    closers.push(() => sink.close());
    return sink;
  }

  async function expectOracle(w: Workload, warehouse: Sink | undefined, speedLayer: Sink | undefined) {
    for (const table of w.oracle) {
      if (warehouse) {
        const rows = sortRows(await warehouse.readRows(table.warehouse, table.columns), table.warehouse.keyColumns);
        expect(rows, `warehouse ${table.warehouse.name}`).toEqual(table.rows);
      }
      if (speedLayer) {
        const rows = sortRows(await speedLayer.readRows(table.speedLayer, table.columns), table.speedLayer.keyColumns);
        expect(rows, `speed layer ${table.speedLayer.name}`).toEqual(table.rows);
      }
    }
  }

  async function upload(p: Pipeline, w: Workload, times: (i: number) => number = () => 1) {
    for (const [i, file] of w.files.entries()) {
      await p.put(file.key, encodeDmsParquet(file.columns, w.options.parquet), file.rowCount, times(i));
    }
  }

  async function deadLetters(p: Pipeline) {
    const t = p.stack.topology;
    const depth = async (url: string) => {
      const d = await p.stack.queueDepth(url);
      return d.visible + d.inFlight;
    };
    return {
      warehouse: await depth(t.warehouseDlqUrl),
      stream: await depth(t.streamDlqUrl),
      mergeFailures: await depth(t.mergeFailureQueueUrl),
    };
  }

  it('lands a workload exactly, with duplicate events and a crash at every boundary', async () => {
    const w = generateWorkload({ seed: 31, rows: 700 });
    const crashes: string[] = [];
    // Each function crashes once before doing anything and once after finishing but before acknowledging.
    const crashing = (fn: string, handler: AnyHandler): AnyHandler => {
      let calls = 0;
      return async (event, context) => {
        // Taken at the start: with concurrent pollers, `calls` may have moved on by the time this one ends.
        const call = ++calls;
        if (call === 1) {
          crashes.push(`${fn}: before`);
          throw new Error(`${fn} crashed before its work (fault injected)`);
        }
        const result = await handler(event, context);
        if (call === 2) {
          crashes.push(`${fn}: after, before ack`);
          throw new Error(`${fn} crashed after its work, before acknowledging (fault injected)`);
        }
        return result;
      };
    };
    // The speed layer's connection breaks inside a transaction, after its first statement there.
    let brokenTransactions = 0;
    const breakMidTransaction = (client: SqlClient): SqlClient => ({
      query: (text, params) => client.query(text, params),
      close: () => client.close(),
      transaction: (fn) =>
        client.transaction(async (tx) => {
          let statements = 0;
          return fn({
            async query(text, params) {
              statements += 1;
              if (brokenTransactions < 2 && statements === 2) {
                brokenTransactions += 1;
                throw Object.assign(new Error('connection reset mid-transaction (fault injected)'), {
                  code: 'ECONNRESET',
                });
              }
              return tx.query(text, params);
            },
          });
        }),
    });
    const warehouse = await duckdb();
    const speedLayer = await pgliteSink(breakMidTransaction);
    let putCalls = 0;
    const p = await start({
      mappings: mappingsOf(w),
      warehouse,
      speedLayer,
      // Redelivery after a crash waits this long; shorter, a slow invocation on a busy machine would be
      // redelivered while it still runs and use up receives (AWS: at least 6× the function timeout).
      visibilityTimeoutSeconds: 3,
      wrapHandler: crashing,
      // The forwarder dies in the middle of its PutRecords calls: the second call reaches Kinesis, then fails.
      adjustKinesis: (client) =>
        client.middlewareStack.add(
          (next, context) => async (args) => {
            if (context.commandName !== 'PutRecordsCommand') return next(args);
            putCalls += 1;
            const result = await next(args);
            if (putCalls === 2) throw new Error('forwarder crashed mid-PutRecords (fault injected)');
            return result;
          },
          { step: 'initialize', name: 'crashMidPutRecords' },
        ),
    });
    await upload(p, w, (i) => 1 + (i % 3 === 0 ? 1 : 0) + (i % 7 === 0 ? 1 : 0));
    expect(await p.drain(90_000)).toBe(true);
    expect(crashes).toEqual(
      expect.arrayContaining([
        'warehouse-loader: before',
        'warehouse-loader: after, before ack',
        'change-forwarder: before',
        'change-forwarder: after, before ack',
        'merge-worker: before',
        'merge-worker: after, before ack',
      ]),
    );
    expect(brokenTransactions).toBe(2);
    expect(putCalls).toBeGreaterThan(2);
    await expectOracle(w, warehouse, speedLayer);
    expect(await deadLetters(p)).toEqual({ warehouse: 0, stream: 0, mergeFailures: 0 });
  });

  it('lands a workload exactly while the speed-layer PostgreSQL is down for a few seconds', async () => {
    const w = generateWorkload({ seed: 32, rows: 500 });
    const url = new URL(POSTGRES_URL);
    const proxy = await tcpProxy(url.hostname, Number(url.port || 5432));
    closers.push(() => proxy.close());
    // A database of its own: the speed layer's tables live in the connection's default schema.
    const database = `ferry_e2e_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    closers.push(async () => {
      await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
      await admin.end();
    });
    url.port = String(proxy.port);
    url.pathname = `/${database}`;
    const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
    pool.on('error', () => undefined); // idle connections cut by the proxy
    closers.push(() => pool.end());
    const speedLayer = new SpeedLayerSink(pgClient(pool, false), postgresDialect('postgres'), { ownsClient: false });

    const p = await start({ mappings: mappingsOf(w), warehouse: undefined, speedLayer, maximumRetryAttempts: 1000 });
    const half = Math.floor(w.files.length / 2);
    for (const [i, file] of w.files.entries()) {
      if (i === half) proxy.down();
      await p.put(file.key, encodeDmsParquet(file.columns, w.options.parquet), file.rowCount);
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    proxy.up();
    const drained = await p.drain(60_000);
    expect(drained).toBe(true);
    await expectOracle(w, undefined, speedLayer);
    expect(p.stats.view(Date.now()).failures.some((f) => f.what.startsWith('speed layer unavailable'))).toBe(true);
    expect(await deadLetters(p)).toEqual({ warehouse: 0, stream: 0, mergeFailures: 0 });
  });

  it('sends a poison file to both DLQs after the configured receives, and a poison row to the on-failure queue; the rest flows', async () => {
    const w = generateWorkload({ seed: 33, rows: 300 });
    const notes = {
      file: 'app.json',
      json: {
        source: 'app',
        prefix: 'dms/app/',
        tables: { 'app.notes': { primaryKey: ['id'], speedLayer: { table: 'notes' } } },
      },
    };
    const warehouse = await duckdb();
    const speedLayer = await pgliteSink();
    const p = await start({
      mappings: mappingsOf(w, [notes]),
      warehouse,
      speedLayer,
      // Long enough that a slow invocation is not redelivered while it runs (which would use up receives).
      visibilityTimeoutSeconds: 4,
      maxReceiveCount: 2,
      maximumRetryAttempts: 2,
    });
    const poisonKey = 'dms/brand-a/shop/orders/20261123-000000123.parquet';
    await p.put(poisonKey, new TextEncoder().encode('this is not parquet'), 0);
    // PostgreSQL refuses NUL in text whatever is retried: a poison row for the speed layer.
    const notesFile = encodeDmsParquet([
      { name: 'Op', ...mysqlDmsType.op, values: ['I', 'I', 'I'] },
      { name: 'id', ...mysqlDmsType.bigint, values: [1n, 2n, 3n] },
      { name: 'note', ...mysqlDmsType.varchar, values: ['fine', 'bad\u0000row', 'also fine'] },
    ]);
    await p.put('dms/app/app/notes/20261123-000000456.parquet', notesFile, 3);
    await upload(p, w);
    expect(await p.drain(90_000)).toBe(true);
    await expectOracle(w, warehouse, speedLayer);
    expect((await speedLayer.query('SELECT id FROM notes ORDER BY id')).rows).toEqual([['1'], ['3']]);
    expect(await deadLetters(p)).toEqual({ warehouse: 1, stream: 1, mergeFailures: 1 });

    const sqs = new SQSClient(p.stack.clientConfig('sqs'));
    const [failure] =
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl: p.stack.topology.mergeFailureQueueUrl }))).Messages ?? [];
    expect(JSON.parse(failure!.Body!)).toMatchObject({
      KinesisBatchInfo: { batchSize: 1, streamArn: p.stack.topology.streamArn },
    });
    const failures = p.stats.view(Date.now()).failures.map((f) => f.what);
    expect(failures.some((f) => f.includes(poisonKey))).toBe(true);
    expect(failures.some((f) => f.startsWith('poison record'))).toBe(true);
  });
});
