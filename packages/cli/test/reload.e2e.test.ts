import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Sink } from '@ferry/core';
import { parseMappings } from '@ferry/mappings';
import { findReloadTargets, type ReloadReport, reloadTable } from '@ferry/ops';
import { openPglite, pgliteClient, postgresDialect, SpeedLayerSink } from '@ferry/speed-layer';
import { encodeDmsParquet, generateWorkload } from '@ferry/testkit';
import { openWarehouse } from '@ferry/warehouse';
import { afterEach, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from '../src/dev/startPipeline.js';
import { resetSqlOf } from '../src/ops/resetSqlOf.js';
import { deadLetterDepths } from './support/deadLetterDepths.js';
import { expectSinksMatch } from './support/expectSinksMatch.js';

/**
 * `ferry reload` on the whole local pipeline: a consolidated table (both sources feed `orders`) is dropped with its
 * bookkeeping in both sinks and rebuilt from the landed files, twice, while live files keep landing; both sinks
 * then equal the oracle and nothing is dead-lettered.
 */
describe('reload of a consolidated table', { timeout: 180_000 }, () => {
  let logsDir: string | undefined;
  let pipeline: Pipeline | undefined;
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    await pipeline?.stop();
    pipeline = undefined;
    for (const close of closers.splice(0).reverse()) await close();
    if (logsDir) await rm(logsDir, { recursive: true, force: true });
  });

  it('rebuilds it exactly in both sinks, run twice while live CDC flows', async () => {
    const w = generateWorkload({ seed: 71, rows: 500 });
    const mappings = parseMappings(w.mappings.map((json) => ({ file: `${json.source}.json`, json })));
    const warehouse = await openWarehouse('duckdb::memory:');
    closers.push(() => warehouse.close());
    const db = await openPglite('memory');
    closers.push(() => db.close());
    const speedLayer = new SpeedLayerSink(pgliteClient(db, false), postgresDialect('pglite'), { ownsClient: false });
    logsDir = await mkdtemp(join(tmpdir(), 'ferry-reload-'));
    const p = await startPipeline({
      mappings,
      warehouse,
      speedLayer,
      logsDir,
      maskKey: 'e2e-mask-key-0123456789',
      visibilityTimeoutSeconds: 2,
    });
    pipeline = p;
    const put = (file: (typeof w.files)[number]) =>
      p.put(file.key, encodeDmsParquet(file.columns, w.options.parquet), file.rowCount);
    const half = Math.floor(w.files.length / 2);
    for (const file of w.files.slice(0, half)) await put(file);
    expect(await p.drain(90_000)).toBe(true);

    const s3 = new S3Client(p.stack.clientConfig('s3'));
    const sqs = new SQSClient(p.stack.clientConfig('sqs'));
    closers.push(async () => {
      s3.destroy();
      sqs.destroy();
    });
    const targets = findReloadTargets(mappings, 'brand-a', { schema: 'shop', table: 'orders' }, 'both');
    expect(targets.map((t) => [t.sink, t.entries.map((e) => e.id)])).toEqual([
      ['warehouse', ['brand-a:shop.orders', 'brand-b:shop.orders']],
      ['speed-layer', ['brand-a:shop.orders', 'brand-b:shop.orders']],
    ]);
    const sinks: Record<string, Sink> = { warehouse, 'speed-layer': speedLayer };
    const reload = (dryRun: boolean) =>
      reloadTable(
        { s3, sqs, mappings, sinkOf: (sink) => sinks[sink]!, resetSqlOf },
        {
          targets,
          bucket: p.stack.topology.bucket,
          // startPipeline's stack keeps the local stack's default names.
          queues: { warehouse: 'ferry-warehouse', stream: 'ferry-stream' },
          topic: 'ferry-landing',
          rate: 500,
          dryRun,
        },
      );

    const orders = w.oracle.find((t) => t.warehouse.name === 'orders')!;
    const before = await warehouse.readRows(orders.warehouse, orders.columns);
    const planned = await reload(true);
    expect(planned.every((r) => r.statements.length === 0 && r.files > 0)).toBe(true);
    expect(await warehouse.readRows(orders.warehouse, orders.columns)).toEqual(before);

    const reports: ReloadReport[][] = [];
    const live = (async () => {
      for (const file of w.files.slice(half)) await put(file);
    })();
    reports.push(await reload(false));
    reports.push(await reload(false));
    await live;
    expect(await p.drain(120_000)).toBe(true);

    for (const report of reports) {
      expect(report.map((r) => r.sink)).toEqual(['warehouse', 'speed-layer']);
      for (const r of report) expect(r.statements.some((s) => /^DROP TABLE IF EXISTS/.test(s))).toBe(true);
    }
    await expectSinksMatch(w.oracle, { warehouse, speedLayer });
    expect(await deadLetterDepths(p.stack)).toEqual([0, 0, 0]);
  });
});
