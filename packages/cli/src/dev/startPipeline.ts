import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { routeOutput } from '@ferry/aws';
import * as changeForwarder from '@ferry/change-forwarder';
import type { ChangeSink, Sink } from '@ferry/core';
import {
  type KinesisPoller,
  type LocalStack,
  type Poller,
  startKinesisPoller,
  startLocalStack,
  startSqsPoller,
} from '@ferry/local-stack';
import type { Mappings } from '@ferry/mappings';
import * as mergeWorker from '@ferry/merge-worker';
import * as warehouseLoader from '@ferry/warehouse-loader';
import { type DevFunction, DevStats } from './DevStats.js';
import { logConsole } from './logConsole.js';

/** A Lambda handler as the pollers call it. */
// biome-ignore lint/suspicious/noExplicitAny: the three handlers take different event types
export type AnyHandler = (event: any, context: any) => Promise<any>;

export interface PipelineOptions {
  readonly mappings: Mappings;
  readonly warehouse: Sink | undefined;
  readonly speedLayer: ChangeSink | undefined;
  readonly maskKey: string;
  /** Each function's log lines go to `<logsDir>/<function>.log`. */
  readonly logsDir: string;
  readonly shards?: number;
  readonly visibilityTimeoutSeconds?: number;
  readonly maxReceiveCount?: number;
  /** The warehouse loader's minimum merge interval per target (`FERRY_MIN_MERGE_INTERVAL_SECONDS`); 0 or unset merges every batch. */
  readonly mergeIntervalSeconds?: number;
  /** Kinesis event source mapping retries before a batch goes to the on-failure destination. */
  readonly maximumRetryAttempts?: number;
  /** Wraps a handler before its poller calls it: where tests make a function crash. */
  readonly wrapHandler?: (fn: DevFunction, handler: AnyHandler) => AnyHandler;
  /** Adjusts an SDK client after it is built: where tests add fault-injecting middleware. */
  readonly adjustKinesis?: (client: KinesisClient) => void;
}

/** The running local pipeline (see `startPipeline`). */
export interface Pipeline {
  readonly stack: LocalStack;
  readonly stats: DevStats;
  /** Writes an object to the landing bucket (its S3 event published `times` times) and notes when. */
  put(key: string, body: Uint8Array, rows: number, times?: number): Promise<void>;
  /** Waits until both queues are empty and the handlers have been quiet for a moment; false on timeout. */
  drain(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  /** Stops the pollers (each finishes its invocation in flight), then the stack. Sinks stay open. */
  stop(): Promise<void>;
}

const QUIET_MS = 1_500;

/**
 * The three handlers on the local AWS stack, wired as in production: the landing bucket's events go through
 * one SNS topic to the warehouse queue and the stream queue (each with its DLQ); the warehouse loader and the
 * change forwarder poll them; the merge worker polls the Kinesis stream, with bisect on error, bounded retries
 * and an on-failure queue. Every handler is built by its service's own `compose` and `createHandler`.
 */
export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const { mappings } = options;
  const stats = new DevStats((key) => tableOfKey(mappings, key));
  let lastActivity = Date.now();
  const consoles = (['warehouse-loader', 'change-forwarder', 'merge-worker'] as const).map((fn) => ({
    fn,
    ...logConsole(join(options.logsDir, `${fn}.log`), (record, at) => {
      lastActivity = at;
      stats.observe(fn, record, at);
    }),
  }));
  const powertools = (fn: DevFunction) => {
    const { console } = consoles.find((c) => c.fn === fn)!;
    const logger = routeOutput(new Logger({ serviceName: fn }), console);
    // Metrics' own warnings go through the function's logger, so they land in its log file too.
    return { logger, metrics: routeOutput(new Metrics({ namespace: 'ferry', serviceName: fn, logger }), console) };
  };
  const wrap = (fn: DevFunction, handler: AnyHandler) => options.wrapHandler?.(fn, handler) ?? handler;

  const stack = await startLocalStack({
    kinesis: 'memory',
    shards: options.shards ?? 4,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 30,
    maxReceiveCount: options.maxReceiveCount ?? 5,
  });
  const { topology: t, region } = stack;
  const pollers: Poller[] = [];
  let mergePoller: KinesisPoller | undefined;
  try {
    const s3 = new S3Client(stack.clientConfig('s3'));
    const sqs = new SQSClient(stack.clientConfig('sqs'));
    const kinesis = new KinesisClient(stack.clientConfig('kinesis'));
    options.adjustKinesis?.(kinesis);
    // Config values the clients handed in make unused; kept real so `compose` is exercised as in Lambda.
    const common = { mappingsDir: '(bundled)', maskKey: options.maskKey, s3ForcePathStyle: true };

    if (options.warehouse) {
      const deps = await warehouseLoader.compose(
        {
          ...common,
          warehouseUrl: '(given)',
          minMergeIntervalSeconds: options.mergeIntervalSeconds ?? 0,
          queueUrl: t.warehouseQueueUrl,
        },
        { s3, sqs, warehouse: options.warehouse, mappings, ...powertools('warehouse-loader') },
      );
      pollers.push(
        startSqsPoller({
          sqs,
          queueUrl: t.warehouseQueueUrl,
          queueArn: t.warehouseQueueArn,
          region,
          handler: wrap('warehouse-loader', warehouseLoader.createHandler(deps)),
          functionName: 'warehouse-loader',
          batchSize: 100,
          batchingWindowMs: 500,
        }),
      );
    }
    if (options.speedLayer) {
      const forward = await changeForwarder.compose(
        { ...common, streamName: t.streamName },
        { s3, kinesis, mappings, ...powertools('change-forwarder') },
      );
      pollers.push(
        startSqsPoller({
          sqs,
          queueUrl: t.streamQueueUrl,
          queueArn: t.streamQueueArn,
          region,
          handler: wrap('change-forwarder', changeForwarder.createHandler(forward)),
          functionName: 'change-forwarder',
          batchSize: 10,
          batchingWindowMs: 0,
          concurrency: 2,
        }),
      );
      const merge = await mergeWorker.compose(
        { mappingsDir: common.mappingsDir, speedLayerUrl: '(given)' },
        { speedLayer: options.speedLayer, mappings, ...powertools('merge-worker') },
      );
      mergePoller = startKinesisPoller({
        kinesis,
        streamName: t.streamName,
        streamArn: t.streamArn,
        region,
        handler: wrap('merge-worker', mergeWorker.createHandler(merge)),
        functionName: 'merge-worker',
        batchSize: 1000,
        batchingWindowMs: 0,
        pollIntervalMs: 50,
        maximumRetryAttempts: options.maximumRetryAttempts ?? 5,
        bisectBatchOnFunctionError: true,
        onFailure: { sqs, queueUrl: t.mergeFailureQueueUrl },
        startingPosition: 'TRIM_HORIZON',
      });
      pollers.push(mergePoller);
    }
  } catch (error) {
    // A handler that cannot start (bad config, a secret it cannot read) must not leave the stack running:
    // the process would never exit.
    for (const p of pollers.splice(0)) await p.stop().catch(() => undefined);
    await stack.stop().catch(() => undefined);
    for (const c of consoles) await c.close().catch(() => undefined);
    throw error;
  }

  return {
    stack,
    stats,
    async put(key, body, rows, times = 1) {
      stats.written(key, rows, Date.now());
      await stack.putObject(key, body, { times });
    },
    async drain(timeoutMs, signal) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until && !signal?.aborted) {
        // Only queues something consumes: without a warehouse, its queue just fills, as it would in AWS.
        const consumed = [options.warehouse && t.warehouseQueueUrl, options.speedLayer && t.streamQueueUrl];
        const queues = await Promise.all(consumed.filter((u) => typeof u === 'string').map((u) => stack.queueDepth(u)));
        const empty = queues.every((q) => q.visible + q.inFlight === 0);
        // The stream too: a long merge transaction logs nothing while it runs, so quiet alone is not enough.
        const streamDone = mergePoller === undefined || mergePoller.caughtUp;
        if (empty && streamDone && Date.now() - lastActivity > QUIET_MS) return true;
        await sleep(250);
      }
      return false;
    },
    async stop() {
      for (const p of pollers.splice(0)) await p.stop();
      await stack.stop();
      for (const c of consoles) await c.close();
    },
  };
}

function tableOfKey(mappings: Mappings, key: string): string | undefined {
  const source = mappings.findSource(key);
  if (!source) return undefined;
  // <prefix><schema>/<table>/…: the mapping entry is found by its schema.table.
  const [schema, table] = key.slice(source.prefix.length).split('/');
  if (!schema || !table) return undefined;
  return mappings.table(source.source, { schema, table })?.id;
}
