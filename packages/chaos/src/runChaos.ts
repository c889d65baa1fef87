import { Console } from 'node:console';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { routeOutput } from '@ferry/aws';
import { type Pipeline, startPipeline } from '@ferry/cli';
import { parseMappings } from '@ferry/mappings';
import { mergeChanges } from '@ferry/merge-worker';
import { backfill, redriveDlq, replayStreamFailures, resolveReplayQueues, type StageResourceNames } from '@ferry/ops';
import { encodeDmsParquet, generateWorkload } from '@ferry/testkit';
import type { ChaosPlan } from './ChaosPlan.js';
import type { ChaosRunResult } from './ChaosRunResult.js';
import { compareWithOracle } from './compareWithOracle.js';
import { FaultInjector } from './FaultInjector.js';
import { openChaosSpeedLayer } from './openChaosSpeedLayer.js';
import { openChaosWarehouse } from './openChaosWarehouse.js';

/** The local stack's resource names (no stage). */
const NAMES: StageResourceNames = {
  topic: 'ferry-landing',
  warehouseQueue: 'ferry-warehouse',
  warehouseDlq: 'ferry-warehouse-dlq',
  streamQueue: 'ferry-stream',
  streamDlq: 'ferry-stream-dlq',
  mergeFailureQueue: 'ferry-merge-failures',
  stream: 'ferry-changes',
};

export interface RunChaosOptions {
  /** How long the queues may take to drain after the faults (default 120 s). */
  readonly drainTimeoutMs?: number;
}

/**
 * One chaos run: the plan's workload written to the local stack's landing bucket, object by object, while the
 * plan's faults fire in the three handlers, the warehouse, the speed layer and Kinesis. Then the faults stop, the
 * queues drain, whatever the plan pushed into a DLQ or the merge worker's failure queue is replayed the way an
 * operator would (`ferry dlq replay`, `ferry stream replay`), and both sinks are compared with the oracle.
 */
export async function runChaos(plan: ChaosPlan, options: RunChaosOptions = {}): Promise<ChaosRunResult> {
  const drainTimeoutMs = options.drainTimeoutMs ?? 120_000;
  const workload = generateWorkload(plan.workload);
  const mappings = parseMappings(workload.mappings.map((json) => ({ file: `${json.source}.json`, json })));
  const bodies = workload.files.map((f) => encodeDmsParquet(f.columns, workload.options.parquet));
  const logsDir = await mkdtemp(join(tmpdir(), `ferry-chaos-${plan.seed}-`));
  const closers: (() => Promise<unknown>)[] = [];
  let ok = false;
  try {
    const warehouse = await openChaosWarehouse(plan.warehouse);
    closers.push(() => warehouse.close());
    const injector = new FaultInjector(plan, warehouse.faults);
    const speedLayer = await openChaosSpeedLayer(plan.speedLayer, (client) => injector.sqlClient(client));
    closers.push(() => speedLayer.close());
    const pipeline: Pipeline = await startPipeline({
      mappings,
      warehouse: injector.warehouse(warehouse.sink),
      speedLayer: speedLayer.sink,
      logsDir,
      maskKey: 'chaos-mask-key-0123456789',
      // Short, so crashed messages come back quickly; long enough that a slow invocation is rarely redelivered
      // while it still runs (when one is, it uses up a receive, which is one more way into the DLQ).
      visibilityTimeoutSeconds: 2,
      maxReceiveCount: plan.maxReceiveCount,
      maximumRetryAttempts: plan.maximumRetryAttempts,
      wrapHandler: (fn, handler) => injector.wrapHandler(fn, handler),
      adjustKinesis: (client) => injector.adjustKinesis(client),
    });
    closers.push(() => pipeline.stop());

    const pending: Promise<unknown>[] = [];
    const delivered = new Set<string>();
    for (const [i, delivery] of plan.deliveries.entries()) {
      const file = workload.files[delivery.file]!;
      if (plan.speedLayerOutage?.atDelivery === i) {
        speedLayer.proxy.down();
        injector.count('speed-layer-restart');
        pending.push(sleep(plan.speedLayerOutage.ms).then(() => speedLayer.proxy.up()));
      }
      if (plan.kill?.atDelivery === i) pending.push(injector.kill());
      const table = `${file.source}:${file.table}`;
      if (file.kind === 'full-load' && delivered.has(`${table}:cdc`)) injector.count('late-full-load');
      delivered.add(`${table}:${file.kind === 'cdc' ? 'cdc' : 'full-load'}`);
      if (delivery.times > 1) injector.count('duplicate-s3-event', delivery.times - 1);
      await pipeline.put(file.key, bodies[delivery.file]!, file.rowCount, delivery.times);
      // Objects land over time, as DMS writes them, so faults meet work in progress.
      await sleep(15);
    }
    await Promise.all(pending);
    const faultsEnded = Date.now();

    let drained = await pipeline.drain(drainTimeoutMs);
    injector.stop();
    const replayed = { dlqMessages: 0, streamBatches: 0 };
    for (let round = 0; drained && round < 3; round++) {
      const depths = await deadLetterDepths(pipeline);
      if (depths.warehouse + depths.stream + depths.mergeFailures === 0) break;
      replayed.dlqMessages += await redrive(pipeline, depths);
      replayed.streamBatches += await replayMergeFailures(pipeline, depths.mergeFailures, mappings, speedLayer.check);
      drained = await pipeline.drain(drainTimeoutMs);
    }
    const drainSeconds = (Date.now() - faultsEnded) / 1000;
    const left = await deadLetterDepths(pipeline);
    const deadLetters = left.warehouse + left.stream + left.mergeFailures;

    const warehouseDiff = await compareWithOracle(workload, warehouse.sink, 'warehouse');
    const speedLayerDiff = await compareWithOracle(workload, speedLayer.check, 'speedLayer');
    const clean = (d: typeof warehouseDiff) => d.lost + d.duplicated + d.resurrected + d.wrong === 0;
    ok = drained && deadLetters === 0 && clean(warehouseDiff) && clean(speedLayerDiff);
    return {
      plan,
      files: workload.files.length,
      rows: workload.files.reduce((n, f) => n + f.rowCount, 0),
      faults: injector.counts,
      warehouse: warehouseDiff,
      speedLayer: speedLayerDiff,
      replayed,
      deadLetters,
      drained,
      drainSeconds,
      ok,
      ...(ok ? {} : { logsDir }),
    };
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    if (ok) await rm(logsDir, { recursive: true, force: true });
  }
}

async function deadLetterDepths(p: Pipeline) {
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

/** `ferry dlq replay` without filters: a message move task per DLQ that holds messages. */
async function redrive(p: Pipeline, depths: { warehouse: number; stream: number }): Promise<number> {
  const sqs = new SQSClient(p.stack.clientConfig('sqs'));
  try {
    let moved = 0;
    for (const queue of ['warehouse', 'stream'] as const) {
      if (depths[queue] === 0) continue;
      const task = await redriveDlq({ sqs, queues: await resolveReplayQueues(sqs, NAMES, queue), pollMillis: 100 });
      moved += task.moved;
    }
    return moved;
  } finally {
    sqs.destroy();
  }
}

/** `ferry stream replay`: each failed batch's records read back and applied, or its files re-sent. */
async function replayMergeFailures(
  p: Pipeline,
  depth: number,
  mappings: ReturnType<typeof parseMappings>,
  speedLayer: Parameters<typeof mergeChanges>[0]['speedLayer'],
): Promise<number> {
  if (depth === 0) return 0;
  const t = p.stack.topology;
  const sqs = new SQSClient(p.stack.clientConfig('sqs'));
  const kinesis = new KinesisClient(p.stack.clientConfig('kinesis'));
  const s3 = new S3Client(p.stack.clientConfig('s3'));
  const silent = new Console(new PassThrough());
  const logger = routeOutput(new Logger({ serviceName: 'ferry-chaos-replay', logLevel: 'SILENT' }), silent);
  const metrics = routeOutput(new Metrics({ namespace: 'ferry', serviceName: 'ferry-chaos-replay' }), silent);
  try {
    const events = await replayStreamFailures({
      sqs,
      kinesis,
      failureQueueUrl: t.mergeFailureQueueUrl,
      apply: async (records) => {
        const outcome = await mergeChanges({ mappings, speedLayer, logger, metrics }, records);
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
            queues: { warehouse: NAMES.warehouseQueue, stream: NAMES.streamQueue },
            topic: NAMES.topic,
            rate: 1_000,
            dryRun: false,
          },
        );
        return report.sent.stream;
      },
    });
    return events.filter((e) => e.action === 'reapplied' || e.action === 'resent').length;
  } finally {
    sqs.destroy();
    kinesis.destroy();
    s3.destroy();
  }
}
