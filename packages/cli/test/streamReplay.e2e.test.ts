import { Console } from 'node:console';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { routeOutput } from '@ferry/aws';
import { type ChangeSink, FerryError } from '@ferry/core';
import { parseMappings } from '@ferry/mappings';
import { mergeChanges } from '@ferry/merge-worker';
import { backfill, replayStreamFailures, type StreamReplayEvent } from '@ferry/ops';
import { openPglite, pgliteClient, postgresDialect, SpeedLayerSink } from '@ferry/speed-layer';
import { encodeDmsParquet, generateWorkload } from '@ferry/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from '../src/dev/startPipeline.js';
import { expectSinksMatch } from './support/expectSinksMatch.js';

/**
 * `ferry stream replay` on the whole local pipeline: while the speed layer refuses one table's rows, the merge
 * worker isolates them, gives up after its retries, and the event source mapping puts the batches' metadata on the
 * on-failure queue. Once the cause is gone, the replay reads the ranges back from Kinesis and applies them (within
 * retention), or, once the stream has trimmed them, re-sends the files of the batches' window to the stream queue.
 * Either way the speed layer ends equal to the oracle and the failure queue empty.
 */
describe('stream replay after the merge worker gave up', { timeout: 180_000 }, () => {
  let logsDir: string | undefined;
  let pipeline: Pipeline | undefined;
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    await pipeline?.stop();
    pipeline = undefined;
    for (const close of closers.splice(0).reverse()) await close();
    if (logsDir) await rm(logsDir, { recursive: true, force: true });
  });

  it.each(['within retention', 'past retention'] as const)(
    '%s: the speed layer ends equal to the oracle',
    async (when) => {
      // File names carry times near now, as DMS's do: a replay past retention picks files by the batch's arrival.
      const w = generateWorkload({
        seed: 61,
        rows: 300,
        start: new Date(Math.floor(Date.now() / 60_000 - 2) * 60_000).toISOString().replace('.000Z', 'Z'),
        minutes: 2,
      });
      const mappings = parseMappings(w.mappings.map((json) => ({ file: `${json.source}.json`, json })));
      const db = await openPglite('memory');
      closers.push(() => db.close());
      const real = new SpeedLayerSink(pgliteClient(db, false), postgresDialect('pglite'), { ownsClient: false });
      // The fault: the database refuses every row of one table (as it would a value it cannot store) until fixed.
      let refused: string | undefined = 'orders';
      const speedLayer: ChangeSink = {
        dialect: real.dialect,
        applyChanges: async (table, sets) => {
          if (table.name === refused) throw new FerryError(`${table.name}: value refused by the database (test fault)`);
          return real.applyChanges(table, sets);
        },
        close: async () => {},
      };
      logsDir = await mkdtemp(join(tmpdir(), 'ferry-stream-replay-'));
      const p = await startPipeline({
        mappings,
        warehouse: undefined,
        speedLayer,
        logsDir,
        maskKey: 'e2e-mask-key-0123456789',
        visibilityTimeoutSeconds: 2,
        maximumRetryAttempts: 1,
      });
      pipeline = p;
      for (const file of w.files)
        await p.put(file.key, encodeDmsParquet(file.columns, w.options.parquet), file.rowCount);
      expect(await p.drain(120_000)).toBe(true);

      const t = p.stack.topology;
      const depth = async (url: string) => {
        const d = await p.stack.queueDepth(url);
        return d.visible + d.inFlight;
      };
      const failed = await depth(t.mergeFailureQueueUrl);
      expect(failed).toBeGreaterThan(0);
      const orders = w.oracle.find((o) => o.speedLayer.name === 'orders')!;
      expect(await real.readRows(orders.speedLayer, orders.columns)).toEqual([]);

      // The fix, then the replay as `ferry stream replay` wires it.
      refused = undefined;
      if (when === 'past retention') p.stack.expireKinesisRecords();
      const sqs = new SQSClient(p.stack.clientConfig('sqs'));
      const kinesis = new KinesisClient(p.stack.clientConfig('kinesis'));
      const s3 = new S3Client(p.stack.clientConfig('s3'));
      closers.push(async () => {
        sqs.destroy();
        kinesis.destroy();
        s3.destroy();
      });
      const quiet = new Logger({ logLevel: 'SILENT' });
      // The merge worker's EMF lines are not this test's output.
      const metrics = routeOutput(new Metrics({ namespace: 'test' }), new Console(new PassThrough()));
      const replay = (dryRun: boolean) =>
        replayStreamFailures({
          sqs,
          kinesis,
          failureQueueUrl: t.mergeFailureQueueUrl,
          dryRun,
          apply: async (records) => {
            const outcome = await mergeChanges({ mappings, speedLayer: real, logger: quiet, metrics }, records);
            return [...outcome.failures].map(([sequenceNumber, f]) => ({ sequenceNumber, reason: f.reason }));
          },
          resend: async ({ since, until }) => {
            const report = await backfill(
              { s3, sqs, mappings },
              {
                bucket: t.bucket,
                sources: mappings.sources.map((s) => s.source),
                since,
                until,
                fullLoad: 'landed',
                sink: 'speed-layer',
                queues: { warehouse: 'ferry-warehouse', stream: 'ferry-stream' },
                topic: 'ferry-landing',
                rate: 500,
                dryRun: false,
              },
            );
            return report.sent.stream;
          },
        });

      const planned: StreamReplayEvent[] = await replay(true);
      expect(planned.length).toBe(failed);
      expect(new Set(planned.map((e) => e.action))).toEqual(
        new Set([when === 'within retention' ? 'would-reapply' : 'would-resend']),
      );
      expect(await depth(t.mergeFailureQueueUrl)).toBe(failed);

      const done = await replay(false);
      expect(done.length).toBe(failed);
      if (when === 'within retention') {
        expect(done.every((e) => e.action === 'reapplied' && (e.records ?? 0) > 0)).toBe(true);
      } else {
        expect(done.every((e) => e.action === 'resent' && /trimmed/.test(e.why ?? ''))).toBe(true);
        expect(done.reduce((n, e) => n + (e.files ?? 0), 0)).toBeGreaterThan(0);
        // The re-sent files go through the forwarder and the merge worker like live ones.
        expect(await p.drain(120_000)).toBe(true);
      }

      await expectSinksMatch(w.oracle, { speedLayer: real });
      expect(await depth(t.mergeFailureQueueUrl)).toBe(0);
    },
  );

  it('leaves a message that is not a Kinesis failure record in the queue, and says why', async () => {
    const logs = await mkdtemp(join(tmpdir(), 'ferry-stream-replay-'));
    logsDir = logs;
    const p = await startPipeline({
      mappings: parseMappings([]),
      warehouse: undefined,
      speedLayer: undefined,
      logsDir: logs,
      maskKey: 'e2e-mask-key-0123456789',
    });
    pipeline = p;
    const sqs = new SQSClient(p.stack.clientConfig('sqs'));
    const kinesis = new KinesisClient(p.stack.clientConfig('kinesis'));
    closers.push(async () => {
      sqs.destroy();
      kinesis.destroy();
    });
    await sqs.send(
      new SendMessageCommand({ QueueUrl: p.stack.topology.mergeFailureQueueUrl, MessageBody: '{"hello":1}' }),
    );
    const events = await replayStreamFailures({
      sqs,
      kinesis,
      failureQueueUrl: p.stack.topology.mergeFailureQueueUrl,
      apply: async () => [],
      resend: async () => 0,
    });
    expect(events).toMatchObject([{ action: 'unreadable', why: expect.stringMatching(/KinesisBatchInfo/) }]);
    const d = await p.stack.queueDepth(p.stack.topology.mergeFailureQueueUrl);
    expect(d.visible + d.inFlight).toBe(1);
  });
});
