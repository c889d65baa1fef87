import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ChangeSink, Sink } from '@ferry/core';
import { type Mappings, parseMappings } from '@ferry/mappings';
import { type BackfillReport, backfill } from '@ferry/ops';
import { openPglite, pgliteClient, postgresDialect, SpeedLayerSink } from '@ferry/speed-layer';
import { encodeDmsParquet, generateWorkload } from '@ferry/testkit';
import { openWarehouse } from '@ferry/warehouse';
import { afterEach, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from '../src/dev/startPipeline.js';
import { deadLetterDepths } from './support/deadLetterDepths.js';
import { expectSinksMatch } from './support/expectSinksMatch.js';

/**
 * `ferry backfill`'s promise, on the whole local pipeline (S3 → SNS → queues → loaders → Kinesis → merge worker,
 * DuckDB and PGlite): a table added to a mapping after its files landed gets its history from a backfill, run
 * twice while live files keep flowing, and both sinks then equal the workload's oracle.
 */
describe('backfill of a table onboarded late', { timeout: 180_000 }, () => {
  let logsDir: string | undefined;
  let pipeline: Pipeline | undefined;
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    await pipeline?.stop();
    pipeline = undefined;
    for (const close of closers.splice(0).reverse()) await close();
    if (logsDir) await rm(logsDir, { recursive: true, force: true });
  });

  it('lands its history exactly, run twice while live CDC flows', async () => {
    const w = generateWorkload({ seed: 41, rows: 600 });
    const late = { source: 'brand-b', table: 'shop.orders' };
    const files = (json: (typeof w.mappings)[number], withLate: boolean) => ({
      file: `${json.source}.json`,
      json:
        withLate || json.source !== late.source
          ? json
          : { ...json, tables: Object.fromEntries(Object.entries(json.tables).filter(([k]) => k !== late.table)) },
    });
    const before = parseMappings(w.mappings.map((j) => files(j, false)));
    const after = parseMappings(w.mappings.map((j) => files(j, true)));
    expect(before.table(late.source, { schema: 'shop', table: 'orders' })).toBeUndefined();
    // A deploy of the new mappings, without restarting the stack: the handlers read whichever is current.
    let current = before;
    const mappings: Mappings = {
      get sources() {
        return current.sources;
      },
      findSource: (key) => current.findSource(key),
      table: (source, ref) => current.table(source, ref),
      tableById: (id) => current.tableById(id),
    };

    const warehouse = await openWarehouse('duckdb::memory:');
    closers.push(() => warehouse.close());
    const db = await openPglite('memory');
    closers.push(() => db.close());
    const speedLayer: Sink & ChangeSink = new SpeedLayerSink(pgliteClient(db, false), postgresDialect('pglite'), {
      ownsClient: false,
    });
    logsDir = await mkdtemp(join(tmpdir(), 'ferry-backfill-'));
    const p = await startPipeline({
      mappings,
      warehouse,
      speedLayer,
      logsDir,
      maskKey: 'e2e-mask-key-0123456789',
      visibilityTimeoutSeconds: 5,
    });
    pipeline = p;
    const put = (file: (typeof w.files)[number]) =>
      p.put(file.key, encodeDmsParquet(file.columns, w.options.parquet), file.rowCount);

    // History lands while the table is unmapped: the handlers skip its files.
    const half = Math.floor(w.files.length / 2);
    const lateFiles = w.files.filter((f) => f.source === late.source && f.table === late.table);
    expect(lateFiles.slice(0, 2).every((f) => w.files.indexOf(f) < half)).toBe(true);
    for (const file of w.files.slice(0, half)) await put(file);
    expect(await p.drain(90_000)).toBe(true);
    const orders = w.oracle.find((t) => t.warehouse.name === 'orders')!;
    const brandB = async (sink: Sink, table: typeof orders.warehouse) =>
      (await sink.readRows(table, orders.columns)).filter((r) => r.brand_id === late.source).length;
    expect(await brandB(warehouse, orders.warehouse)).toBe(0);
    expect(await brandB(speedLayer, orders.speedLayer)).toBe(0);

    // Onboarded: live files flow from now on, and the backfill runs twice meanwhile.
    current = after;
    const s3 = new S3Client(p.stack.clientConfig('s3'));
    const sqs = new SQSClient(p.stack.clientConfig('sqs'));
    closers.push(async () => {
      s3.destroy();
      sqs.destroy();
    });
    const run = () =>
      backfill(
        { s3, sqs, mappings },
        {
          bucket: p.stack.topology.bucket,
          sources: [late.source],
          table: { schema: 'shop', table: 'orders' },
          sink: 'both',
          // startPipeline's stack keeps the local stack's default names.
          queues: { warehouse: 'ferry-warehouse', stream: 'ferry-stream' },
          topic: 'ferry-landing',
          rate: 200,
          dryRun: false,
        },
      );
    const reports: BackfillReport[] = [];
    const live = (async () => {
      for (const file of w.files.slice(half)) await put(file);
    })();
    reports.push(await run());
    reports.push(await run());
    await live;
    expect(await p.drain(120_000)).toBe(true);

    // The first run found at least the history (the live files put so far may be there too), full load first.
    const history = lateFiles.filter((f) => w.files.indexOf(f) < half).map((f) => f.key);
    const sent = reports[0]!.files.map((f) => f.file.key);
    expect(sent.slice(0, history.length)).toEqual(history);
    expect(reports[0]!.files[0]!.file.kind).toBe('full-load');
    expect(reports[0]!.sent).toEqual({ warehouse: sent.length, stream: sent.length });
    expect(reports[1]!.files.length).toBeGreaterThanOrEqual(sent.length);

    await expectSinksMatch(w.oracle, { warehouse, speedLayer });
    expect(await brandB(warehouse, orders.warehouse)).toBeGreaterThan(0);
    expect(await deadLetterDepths(p.stack)).toEqual([0, 0, 0]);
  });
});
