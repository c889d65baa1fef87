import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type KinesisFailureRecord,
  type KinesisPollerOptions,
  type LocalStack,
  startKinesisPoller,
  startLocalStack,
} from '../src/index.js';
import { drainQueue } from './drainQueue.js';
import { waitFor } from './waitFor.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(shards: number) {
  const stack = await startLocalStack({ shards });
  const kinesis = new KinesisClient(stack.clientConfig('kinesis'));
  const sqs = new SQSClient(stack.clientConfig('sqs'));
  cleanups.push(
    () => stack.stop(),
    () => kinesis.destroy(),
    () => sqs.destroy(),
  );
  /** Puts `bodies` in order (one PutRecords call per 500) and returns their sequence numbers by body. */
  async function put(bodies: string[], key: (body: string) => string = () => 'one-key') {
    const sequences = new Map<string, string>();
    for (let i = 0; i < bodies.length; i += 500) {
      const chunk = bodies.slice(i, i + 500);
      const { Records = [] } = await kinesis.send(
        new PutRecordsCommand({
          StreamName: stack.topology.streamName,
          Records: chunk.map((body) => ({ PartitionKey: key(body), Data: new TextEncoder().encode(body) })),
        }),
      );
      for (const [j, record] of Records.entries()) sequences.set(chunk[j]!, record.SequenceNumber!);
    }
    return sequences;
  }
  return { stack, kinesis, sqs, put };
}

function poll(
  stack: LocalStack,
  kinesis: KinesisClient,
  handler: KinesisPollerOptions['handler'],
  options: Partial<KinesisPollerOptions> = {},
) {
  const poller = startKinesisPoller({
    kinesis,
    streamName: stack.topology.streamName,
    streamArn: stack.topology.streamArn,
    region: stack.region,
    functionName: 'merge-worker',
    pollIntervalMs: 10,
    handler,
    ...options,
  });
  cleanups.push(() => poller.stop());
  return poller;
}

const body = (record: KinesisStreamRecord) => Buffer.from(record.kinesis.data, 'base64').toString('utf8');

describe('Kinesis poller', () => {
  it('delivers every record once, in order within each shard, as Lambda builds Kinesis events', async () => {
    const { stack, kinesis, put } = await setup(3);
    const bodies = Array.from({ length: 600 }, (_, i) => `row-${i % 20}-${i}`);
    const before = Date.now() / 1000;
    const sequences = await put(bodies, (b) => b.split('-').slice(0, 2).join('-'));
    const handled: KinesisStreamRecord[] = [];
    const poller = poll(stack, kinesis, async (event) => {
      expect(event.Records.length).toBeLessThanOrEqual(100);
      handled.push(...event.Records);
    });
    await waitFor('all records', () => (handled.length >= bodies.length ? true : undefined));
    await poller.stop();

    expect(handled.map(body).sort()).toEqual([...bodies].sort());
    const shards = new Map<string, string[]>();
    for (const record of handled) {
      const shardId = record.eventID.split(':')[0]!;
      shards.set(shardId, [...(shards.get(shardId) ?? []), body(record)]);
    }
    expect(shards.size).toBe(3);
    for (const inShard of shards.values()) {
      // Put order, restricted to the shard: sequence numbers of one shard only grow.
      expect(inShard).toEqual(bodies.filter((b) => inShard.includes(b)));
    }
    const first = handled.find((r) => body(r) === bodies[0])!;
    expect(first).toMatchObject({
      eventSource: 'aws:kinesis',
      eventName: 'aws:kinesis:record',
      eventVersion: '1.0',
      eventSourceARN: stack.topology.streamArn,
      awsRegion: stack.region,
      kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'row-0', sequenceNumber: sequences.get(bodies[0]!) },
    });
    expect(first.eventID).toBe(`${first.eventID.split(':')[0]}:${sequences.get(bodies[0]!)}`);
    expect(first.kinesis.approximateArrivalTimestamp).toBeGreaterThanOrEqual(Math.floor(before));
    expect(first.kinesis.approximateArrivalTimestamp).toBeLessThan(Date.now() / 1000 + 1);
  });

  it('after batch item failures, checkpoints before the lowest failed sequence number and retries from it', async () => {
    const { stack, kinesis, put } = await setup(1);
    const bodies = Array.from({ length: 10 }, (_, i) => `r${i}`);
    const sequences = await put(bodies);
    const batches: string[][] = [];
    const poller = poll(stack, kinesis, async (event): Promise<KinesisStreamBatchResponse | undefined> => {
      batches.push(event.Records.map(body));
      if (batches.length > 1) return undefined;
      // Reported out of order: the lowest one decides where the retry starts.
      return {
        batchItemFailures: [{ itemIdentifier: sequences.get('r6')! }, { itemIdentifier: sequences.get('r3')! }],
      };
    });
    await waitFor('the retry', () => (batches.length >= 2 ? true : undefined));
    await poller.stop();
    expect(batches[0]).toEqual(bodies);
    expect(batches[1]).toEqual(bodies.slice(3));
    expect(poller.failures).toBe(1);
  });

  it('an unknown item identifier fails the whole batch', async () => {
    const { stack, kinesis, put } = await setup(1);
    await put(['a', 'b', 'c']);
    const batches: string[][] = [];
    const poller = poll(stack, kinesis, async (event) => {
      batches.push(event.Records.map(body));
      return batches.length === 1 ? { batchItemFailures: [{ itemIdentifier: '123' }] } : undefined;
    });
    await waitFor('the retry', () => (batches.length >= 2 ? true : undefined));
    await poller.stop();
    expect(batches.slice(0, 2)).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
    ]);
  });

  it('bisects around one poison record, handles all others, and sends its metadata to the on-failure queue', async () => {
    const { stack, kinesis, sqs, put } = await setup(1);
    const bodies = Array.from({ length: 20 }, (_, i) => (i === 13 ? 'poison' : `ok${i}`));
    const sequences = await put(bodies);
    const handled = new Set<string>();
    let poisonInvocations = 0;
    const poller = poll(
      stack,
      kinesis,
      async (event: KinesisStreamEvent) => {
        const batch = event.Records.map(body);
        if (batch.includes('poison')) {
          if (batch.length === 1) poisonInvocations++;
          throw new Error('cannot apply this change');
        }
        for (const b of batch) handled.add(b);
      },
      {
        batchSize: 20,
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 1,
        onFailure: { sqs, queueUrl: stack.topology.mergeFailureQueueUrl },
      },
    );
    const [message] = await waitFor('the on-failure record', async () => {
      const got = await drainQueue(sqs, stack.topology.mergeFailureQueueUrl);
      return got.length > 0 ? got : undefined;
    });
    // The shard is not blocked: records written after the poison flow on.
    await put(['later']);
    await waitFor('the later record', () => (handled.has('later') ? true : undefined));
    await poller.stop();

    expect([...handled].sort()).toEqual([...bodies.filter((b) => b !== 'poison'), 'later'].sort());
    expect(poisonInvocations).toBe(2); // the first try alone, then maximumRetryAttempts: 1 more
    expect(poller.discardedBatches).toBe(1);
    const failure = JSON.parse(message?.Body ?? '') as KinesisFailureRecord;
    expect(failure).toMatchObject({
      requestContext: {
        functionArn: `arn:aws:lambda:${stack.region}:000000000000:function:merge-worker`,
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 2,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      KinesisBatchInfo: {
        shardId: 'shardId-000000000000',
        startSequenceNumber: sequences.get('poison'),
        endSequenceNumber: sequences.get('poison'),
        batchSize: 1,
        streamArn: stack.topology.streamArn,
      },
    });
    expect(failure.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(failure.KinesisBatchInfo.approximateArrivalOfFirstRecord)).not.toBeNaN();
    expect(Date.parse(failure.timestamp)).not.toBeNaN();
  });

  it('without bisect, retries the whole batch maximumRetryAttempts times, then reports it and moves on', async () => {
    const { stack, kinesis, sqs, put } = await setup(1);
    const sequences = await put(['x1', 'x2', 'x3']);
    const batches: string[][] = [];
    const poller = poll(
      stack,
      kinesis,
      async (event) => {
        const batch = event.Records.map(body);
        batches.push(batch);
        if (batch.includes('x2')) throw new Error('down');
      },
      { maximumRetryAttempts: 2, onFailure: { sqs, queueUrl: stack.topology.mergeFailureQueueUrl } },
    );
    const [message] = await waitFor('the on-failure record', async () => {
      const got = await drainQueue(sqs, stack.topology.mergeFailureQueueUrl);
      return got.length > 0 ? got : undefined;
    });
    await put(['y']);
    await waitFor('the next record', () => (batches.some((b) => b.includes('y')) ? true : undefined));
    await poller.stop();
    expect(batches).toEqual([['x1', 'x2', 'x3'], ['x1', 'x2', 'x3'], ['x1', 'x2', 'x3'], ['y']]);
    const failure = JSON.parse(message?.Body ?? '') as KinesisFailureRecord;
    expect(failure.requestContext.approximateInvokeCount).toBe(3);
    expect(failure.KinesisBatchInfo).toMatchObject({
      startSequenceNumber: sequences.get('x1'),
      endSequenceNumber: sequences.get('x3'),
      batchSize: 3,
    });
  });
});
