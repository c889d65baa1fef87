import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  type ListShardsCommandOutput,
} from '@aws-sdk/client-kinesis';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { KinesisStreamRecord } from 'aws-lambda';
import { LocalStackError } from '../LocalStackError.js';
import { functionArn } from './functionArn.js';
import type { KinesisFailureRecord } from './KinesisFailureRecord.js';
import type { KinesisPoller } from './KinesisPoller.js';
import type { KinesisPollerOptions } from './KinesisPollerOptions.js';
import { kinesisRecord } from './kinesisRecord.js';
import { lambdaContext } from './lambdaContext.js';
import { readItemFailures } from './readItemFailures.js';
import { sleep } from './sleep.js';

type Outcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly from: number; readonly requestId: string; readonly functionError?: string };

/**
 * Reads every shard of a stream, in order, and invokes `handler` as Lambda's Kinesis event source mapping does
 * (ReportBatchItemFailures on). One loop per shard; a shard's next batch waits until its current one is settled.
 *
 * - Success → checkpoint after the batch.
 * - `batchItemFailures` → checkpoint before the LOWEST reported sequence number and retry from there; an unknown or
 *   empty id fails the whole batch. A thrown error fails the whole batch.
 * - Retries: each failed invocation of a batch starting at the same record counts one against
 *   `maximumRetryAttempts` (-1 = forever, as AWS: one poison record then blocks its shard).
 * - Bisect (chosen semantics): after a failure, and after checkpointing the records before the lowest failed one,
 *   a rest of more than one record is split in halves and each half is handled on its own, first half first, with a
 *   fresh retry count. Splits do not count as retries; only a single record's failures do. So with
 *   `maximumRetryAttempts: n` a poison record is invoked alone n + 1 times, then given up.
 * - Retries exhausted → the batch's metadata (never the records) goes to `onFailure` as AWS's on-failure destination
 *   receives it (`KinesisFailureRecord`), the batch is skipped and the shard goes on.
 *
 * @example
 * const poller = startKinesisPoller({ kinesis, streamName, streamArn, region, functionName: 'merge-worker', handler,
 *   bisectBatchOnFunctionError: true, maximumRetryAttempts: 2, onFailure: { sqs, queueUrl } });
 */
export function startKinesisPoller(options: KinesisPollerOptions): KinesisPoller {
  const batchSize = options.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new LocalStackError(`Kinesis batchSize ${batchSize} is outside 1..10,000`, {
      hint: 'Lambda allows 1 to 10,000 records per batch for a stream',
    });
  }
  const window = options.batchingWindowMs ?? 0;
  const pollInterval = options.pollIntervalMs ?? 100;
  const maximumRetryAttempts = options.maximumRetryAttempts ?? -1;
  const bisect = options.bisectBatchOnFunctionError ?? false;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const log = options.log ?? (() => {});
  const controller = new AbortController();
  const { signal } = controller;
  let invocations = 0;
  let failures = 0;
  let discardedBatches = 0;

  async function invoke(shardId: string, records: readonly KinesisStreamRecord[]): Promise<Outcome> {
    const context = lambdaContext({ functionName: options.functionName, region: options.region, timeoutMs });
    invocations++;
    let result: unknown;
    try {
      result = await options.handler({ Records: [...records] }, context);
    } catch (error) {
      log(`${options.functionName} ${shardId}: batch of ${records.length} threw: ${error}`);
      return { ok: false, from: 0, requestId: context.awsRequestId, functionError: 'Unhandled' };
    }
    const outcome = readItemFailures(result, new Set(records.map((record) => record.kinesis.sequenceNumber)));
    if (outcome.kind === 'success') return { ok: true };
    if (outcome.kind === 'invalid') {
      log(`${options.functionName} ${shardId}: whole batch of ${records.length} failed: ${outcome.reason}`);
      return { ok: false, from: 0, requestId: context.awsRequestId };
    }
    const lowest = outcome.ids.reduce((low, id) => (BigInt(id) < BigInt(low) ? id : low));
    const from = records.findIndex((record) => record.kinesis.sequenceNumber === lowest);
    log(
      `${options.functionName} ${shardId}: ${outcome.ids.length} of ${records.length} failed, retrying from ${lowest}`,
    );
    return { ok: false, from, requestId: context.awsRequestId };
  }

  /** Settles `records` (handled, or given up and reported); false when stopped before that. */
  async function settle(shardId: string, records: readonly KinesisStreamRecord[]): Promise<boolean> {
    let rest = records;
    let attempts = 0;
    while (rest.length > 0) {
      if (signal.aborted) return false;
      attempts++;
      const outcome = await invoke(shardId, rest);
      if (outcome.ok) return true;
      failures++;
      if (outcome.from > 0) {
        // Checkpointed up to the failed record: what follows is a batch that starts there, failed once.
        rest = rest.slice(outcome.from);
        attempts = 1;
      }
      if (bisect && rest.length > 1) {
        const half = Math.ceil(rest.length / 2);
        return (await settle(shardId, rest.slice(0, half))) && (await settle(shardId, rest.slice(half)));
      }
      if (maximumRetryAttempts >= 0 && attempts > maximumRetryAttempts) {
        return giveUp(shardId, rest, attempts, outcome);
      }
      // Lambda backs off between retries; a pause keeps a failing handler from spinning.
      await sleep(pollInterval, signal);
    }
    return true;
  }

  async function giveUp(
    shardId: string,
    records: readonly KinesisStreamRecord[],
    attempts: number,
    outcome: Extract<Outcome, { ok: false }>,
  ): Promise<boolean> {
    const first = records[0]!;
    const last = records.at(-1)!;
    const failure: KinesisFailureRecord = {
      requestContext: {
        requestId: outcome.requestId,
        functionArn: functionArn(options.functionName, options.region),
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: attempts,
      },
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        ...(outcome.functionError ? { functionError: outcome.functionError } : {}),
      },
      version: '1.0',
      timestamp: new Date().toISOString(),
      KinesisBatchInfo: {
        shardId,
        startSequenceNumber: first.kinesis.sequenceNumber,
        endSequenceNumber: last.kinesis.sequenceNumber,
        approximateArrivalOfFirstRecord: isoTime(first),
        approximateArrivalOfLastRecord: isoTime(last),
        batchSize: records.length,
        streamArn: options.streamArn,
      },
    };
    log(
      `${options.functionName} ${shardId}: retries exhausted after ${attempts} invocations, skipping ` +
        `${first.kinesis.sequenceNumber}..${last.kinesis.sequenceNumber} (${records.length} records)`,
    );
    const destination = options.onFailure;
    while (destination) {
      try {
        await destination.sqs.send(
          new SendMessageCommand({ QueueUrl: destination.queueUrl, MessageBody: JSON.stringify(failure) }),
        );
        break;
      } catch (error) {
        // The shard must not move past a batch whose failure record is not yet recorded.
        log(`${options.functionName} ${shardId}: on-failure destination refused, retrying: ${error}`);
        await sleep(pollInterval, signal);
        if (signal.aborted) return false;
      }
    }
    discardedBatches++;
    return true;
  }

  /** Per shard: whether its last read found nothing and nothing read is waiting (see `caughtUp`). */
  const caughtUp = new Map<string, boolean>();

  async function iteratorFor(shardId: string, after: string | undefined): Promise<string | undefined> {
    const { ShardIterator } = await options.kinesis.send(
      new GetShardIteratorCommand({
        StreamName: options.streamName,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: after }
          : { ShardIteratorType: options.startingPosition ?? 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  }

  async function pollShard(shardId: string): Promise<void> {
    const pending: KinesisStreamRecord[] = []; // read, not yet checkpointed
    caughtUp.set(shardId, false);
    let lastRead: string | undefined;
    let iterator: string | undefined;
    while (!signal.aborted) {
      try {
        iterator ??= await iteratorFor(shardId, lastRead);
        let deadline: number | undefined;
        while (iterator && pending.length < batchSize && !signal.aborted) {
          const limit = Math.min(10_000, batchSize - pending.length);
          const { Records = [], NextShardIterator } = await options.kinesis.send(
            new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }),
          );
          iterator = NextShardIterator;
          for (const record of Records) {
            pending.push(kinesisRecord(record, { shardId, ...options }));
            lastRead = record.SequenceNumber;
          }
          if (pending.length === 0 || pending.length >= batchSize) break;
          deadline ??= Date.now() + window;
          if (Records.length === limit) continue; // more may be waiting right now
          if (Date.now() >= deadline) break;
          await sleep(Math.min(pollInterval, deadline - Date.now()), signal);
        }
        if (pending.length === 0) {
          // Everything read was handled and the last read found nothing new: this shard is at its tip.
          caughtUp.set(shardId, true);
          if (!iterator) return; // a closed shard, read to its end
          await sleep(pollInterval, signal);
          continue;
        }
        caughtUp.set(shardId, false);
        const batch = pending.slice(0, batchSize);
        if (!(await settle(shardId, batch))) return;
        pending.splice(0, batch.length);
      } catch (error) {
        // An expired iterator or a failed call: start again after the last record read, as Lambda resumes.
        log(`${options.functionName} ${shardId}: read failed, retrying: ${error}`);
        iterator = undefined;
        await sleep(pollInterval, signal);
      }
    }
  }

  async function run(): Promise<void> {
    let shards: ListShardsCommandOutput['Shards'];
    while (!signal.aborted && !shards) {
      try {
        ({ Shards: shards } = await options.kinesis.send(new ListShardsCommand({ StreamName: options.streamName })));
      } catch (error) {
        log(`${options.functionName}: ListShards failed, retrying: ${error}`);
        await sleep(pollInterval, signal);
      }
    }
    await Promise.all((shards ?? []).map((shard) => pollShard(shard.ShardId!)));
  }

  const running = run();
  return {
    get caughtUp() {
      return caughtUp.size > 0 && [...caughtUp.values()].every(Boolean);
    },
    get invocations() {
      return invocations;
    },
    get failures() {
      return failures;
    },
    get discardedBatches() {
      return discardedBatches;
    },
    async stop() {
      controller.abort();
      await running;
    },
  };
}

function isoTime(record: KinesisStreamRecord): string {
  return new Date(record.kinesis.approximateArrivalTimestamp * 1000).toISOString();
}
