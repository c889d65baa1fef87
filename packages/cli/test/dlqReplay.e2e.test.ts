import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ChangeSink, Sink } from '@ferry/core';
import { type Mappings, parseMappings } from '@ferry/mappings';
import { redriveDlq, replayDlqMessages, resolveReplayQueues, type StageResourceNames } from '@ferry/ops';
import { openPglite, pgliteClient, postgresDialect, SpeedLayerSink } from '@ferry/speed-layer';
import { encodeDmsParquet, generateWorkload, sortRows } from '@ferry/testkit';
import { openWarehouse } from '@ferry/warehouse';
import { afterEach, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from '../src/dev/startPipeline.js';
import { deadLetterDepths } from './support/deadLetterDepths.js';
import { expectSinksMatch } from './support/expectSinksMatch.js';

/** startPipeline's stack keeps the local stack's default names (no stage). */
const NAMES: StageResourceNames = {
  topic: 'ferry-landing',
  warehouseQueue: 'ferry-warehouse',
  warehouseDlq: 'ferry-warehouse-dlq',
  streamQueue: 'ferry-stream',
  streamDlq: 'ferry-stream-dlq',
  mergeFailureQueue: 'ferry-merge-failures',
  stream: 'ferry-changes',
};

/**
 * `ferry dlq replay`'s promise on the whole local pipeline: files that failed for a cause an operator can fix (here
 * a mapping naming a primary-key column the files do not have) end in both DLQs while every other table flows;
 * once the mapping is fixed, a filtered replay of the warehouse DLQ (receive, match, send, delete) and an
 * unfiltered one of the stream DLQ (an SQS message move task) bring both sinks to the oracle, DLQs empty.
 */
describe('DLQ replay after the cause is fixed', { timeout: 180_000 }, () => {
  let logsDir: string | undefined;
  let pipeline: Pipeline | undefined;
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    await pipeline?.stop();
    pipeline = undefined;
    for (const close of closers.splice(0).reverse()) await close();
    if (logsDir) await rm(logsDir, { recursive: true, force: true });
  });

  it('lands the dead-lettered files exactly, filtered (warehouse) and unfiltered (stream)', async () => {
    const w = generateWorkload({ seed: 57, rows: 400 });
    const broken = 'shop.orders';
    // Every source's orders mapping names a key column DMS never writes: each orders file fails, in both consumers.
    const brokenJson = w.mappings.map((json) => ({
      file: `${json.source}.json`,
      json: {
        ...json,
        tables: Object.fromEntries(
          Object.entries(json.tables).map(([name, t]) => [
            name,
            name === broken ? { ...t, primaryKey: [...t.primaryKey, 'no_such_column'] } : t,
          ]),
        ),
      },
    }));
    let current = parseMappings(brokenJson);
    const fixed = parseMappings(w.mappings.map((json) => ({ file: `${json.source}.json`, json })));
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
    logsDir = await mkdtemp(join(tmpdir(), 'ferry-dlq-replay-'));
    const p = await startPipeline({
      mappings,
      warehouse,
      speedLayer,
      logsDir,
      maskKey: 'e2e-mask-key-0123456789',
      visibilityTimeoutSeconds: 1,
      maxReceiveCount: 2,
    });
    pipeline = p;
    for (const file of w.files) await p.put(file.key, encodeDmsParquet(file.columns, w.options.parquet), file.rowCount);
    expect(await p.drain(120_000)).toBe(true);

    const sqs = new SQSClient(p.stack.clientConfig('sqs'));
    closers.push(async () => sqs.destroy());
    const t = p.stack.topology;
    const depth = async (url: string) => {
      const d = await p.stack.queueDepth(url);
      return d.visible + d.inFlight;
    };
    const ordersFiles = w.files.filter((f) => f.table === broken).length;
    expect(await depth(t.warehouseDlqUrl)).toBe(ordersFiles);
    expect(await depth(t.streamDlqUrl)).toBe(ordersFiles);
    // Only the broken table is missing: the others already equal the oracle.
    for (const table of w.oracle) {
      const rows = sortRows(await warehouse.readRows(table.warehouse, table.columns), table.warehouse.keyColumns);
      if (table.warehouse.name === 'orders') expect(rows).toEqual([]);
      else expect(rows, `warehouse ${table.warehouse.name}`).toEqual(table.rows);
    }

    // The fix: a deploy of the corrected mappings.
    current = fixed;
    const warehouseQueues = await resolveReplayQueues(sqs, NAMES, 'warehouse');
    const filtered = await replayDlqMessages({
      sqs,
      mappings,
      ...warehouseQueues,
      filter: { table: broken },
      waitTimeSeconds: 0,
      rate: 100,
    });
    expect(filtered.moved).toBe(ordersFiles);
    const streamQueues = await resolveReplayQueues(sqs, NAMES, 'stream');
    const task = await redriveDlq({ sqs, queues: streamQueues, pollMillis: 100 });
    expect(task.status).toBe('COMPLETED');
    expect(task.moved).toBe(ordersFiles);
    expect(await p.drain(120_000)).toBe(true);

    await expectSinksMatch(w.oracle, { warehouse, speedLayer });
    expect(await deadLetterDepths(p.stack)).toEqual([0, 0, 0]);
  });
});
