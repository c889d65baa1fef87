import { createHash } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { S3Event, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalStack, type LocalStackOptions, startLocalStack, startSqsPoller } from '../src/index.js';
import { drainQueue } from './drainQueue.js';
import { waitFor } from './waitFor.js';

let stack: LocalStack | undefined;
const stops: (() => Promise<void>)[] = [];

async function start(options: LocalStackOptions = {}) {
  stack = await startLocalStack({ visibilityTimeoutSeconds: 1, ...options });
  const sqs = new SQSClient(stack.clientConfig('sqs'));
  stops.push(async () => sqs.destroy());
  return { stack, sqs };
}

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await stack?.stop();
  stack = undefined;
});

function snsMessage(body: string | undefined): { envelope: Record<string, unknown>; message: unknown } {
  const envelope = JSON.parse(body ?? '') as Record<string, unknown>;
  return { envelope, message: JSON.parse(String(envelope.Message)) };
}

describe('putObject', () => {
  it('writes the object and delivers S3 ObjectCreated:Put through SNS to both queues, key URL-encoded', async () => {
    const { stack, sqs } = await start();
    const key = 'dms/shop/주문 내역/a+b c.parquet';
    const body = new TextEncoder().encode('parquet bytes');
    const { eTag } = await stack.putObject(key, body);
    expect(eTag).toBe(createHash('md5').update(body).digest('hex'));

    for (const queueUrl of [stack.topology.warehouseQueueUrl, stack.topology.streamQueueUrl]) {
      const messages = await waitFor('the notification', async () => {
        const got = await drainQueue(sqs, queueUrl);
        return got.length > 0 ? got : undefined;
      });
      expect(messages).toHaveLength(1);
      const { envelope, message } = snsMessage(messages[0]?.Body);
      expect(envelope.Type).toBe('Notification');
      expect(envelope.TopicArn).toBe(stack.topology.topicArn);
      const record = (message as S3Event).Records[0]!;
      expect(record.eventName).toBe('ObjectCreated:Put');
      expect(record.eventSource).toBe('aws:s3');
      expect(record.awsRegion).toBe(stack.region);
      expect(record.s3.bucket).toMatchObject({ name: 'ferry-landing', arn: 'arn:aws:s3:::ferry-landing' });
      expect(record.s3.object.key).toBe('dms/shop/%EC%A3%BC%EB%AC%B8+%EB%82%B4%EC%97%AD/a%2Bb+c.parquet');
      expect(decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '))).toBe(key);
      expect(record.s3.object).toMatchObject({ size: body.byteLength, eTag });
      expect(record.s3.object.sequencer).toMatch(/^[0-9A-F]+$/);
    }

    const s3 = new S3Client(stack.clientConfig('s3'));
    const object = await s3.send(new GetObjectCommand({ Bucket: stack.topology.bucket, Key: key }));
    expect(await object.Body?.transformToString()).toBe('parquet bytes');
    s3.destroy();
  });

  it('publishes the same event `times` times, and later objects get a larger sequencer', async () => {
    const { stack, sqs } = await start();
    await stack.putObject('a/x.parquet', new Uint8Array([1]), { times: 3 });
    await stack.putObject('a/x.parquet', new Uint8Array([2]));
    const messages = await waitFor('four notifications', async () => {
      const depth = await stack.queueDepth(stack.topology.streamQueueUrl);
      return depth.visible === 4 ? drainQueue(sqs, stack.topology.streamQueueUrl) : undefined;
    });
    const sequencers = messages.map((m) => (snsMessage(m.Body).message as S3Event).Records[0]!.s3.object.sequencer);
    expect(new Set(sequencers).size).toBe(2);
    const [first, second] = [...new Set(sequencers)].sort();
    expect(sequencers.filter((s) => s === first)).toHaveLength(3);
    expect(BigInt(`0x${second}`) > BigInt(`0x${first}`)).toBe(true);
  });

  it('uploads above 8 MiB in parts, as S3 reports a multipart upload', async () => {
    const { stack, sqs } = await start();
    const body = new Uint8Array(9 * 1024 * 1024).fill(7);
    const { eTag } = await stack.putObject('big/LOAD00000001.parquet', body);
    expect(eTag).toMatch(/^[0-9a-f]{32}-2$/);
    const [message] = await waitFor('the notification', async () => {
      const got = await drainQueue(sqs, stack.topology.warehouseQueueUrl);
      return got.length > 0 ? got : undefined;
    });
    const record = (snsMessage(message?.Body).message as S3Event).Records[0]!;
    expect(record.eventName).toBe('ObjectCreated:CompleteMultipartUpload');
    expect(record.s3.object).toMatchObject({ size: body.byteLength, eTag });
  });

  it('publishTestEvent sends s3:TestEvent, which has no Records', async () => {
    const { stack, sqs } = await start();
    await stack.publishTestEvent();
    const [message] = await waitFor('the test event', async () => {
      const got = await drainQueue(sqs, stack.topology.warehouseQueueUrl);
      return got.length > 0 ? got : undefined;
    });
    const event = snsMessage(message?.Body).message as Record<string, unknown>;
    expect(event).toMatchObject({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'ferry-landing' });
    expect(event).not.toHaveProperty('Records');
  });
});

describe('SQS poller', () => {
  it('builds SQS events as Lambda does; a handler that always throws sends the message to the DLQ after maxReceiveCount receives', async () => {
    const { stack, sqs } = await start({ maxReceiveCount: 2 });
    const seen: SQSEvent[] = [];
    const requestIds = new Set<string>();
    const poller = startSqsPoller({
      sqs,
      queueUrl: stack.topology.warehouseQueueUrl,
      queueArn: stack.topology.warehouseQueueArn,
      region: stack.region,
      functionName: 'warehouse-loader',
      pollIntervalMs: 20,
      handler: async (event, context) => {
        seen.push(event);
        requestIds.add(context.awsRequestId);
        expect(context.functionName).toBe('warehouse-loader');
        expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
        throw new Error('warehouse down');
      },
    });
    stops.push(() => poller.stop());
    await stack.putObject('dms/shop/orders/20261123-000102345.parquet', new Uint8Array([1, 2, 3]));

    const dead = await waitFor('the message in the DLQ', async () => {
      const got = await drainQueue(sqs, stack.topology.warehouseDlqUrl);
      return got.length > 0 ? got : undefined;
    });
    await poller.stop();
    expect(dead).toHaveLength(1);
    expect(seen.map((event) => event.Records[0]?.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
    expect(poller.invocations).toBe(2);
    expect(poller.failures).toBe(2);
    expect(requestIds.size).toBe(2);
    const record = seen[0]!.Records[0]!;
    expect(record).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: stack.topology.warehouseQueueArn,
      awsRegion: stack.region,
      messageId: dead[0]?.MessageId,
      body: dead[0]?.Body,
    });
    expect(record.md5OfBody).toBe(createHash('md5').update(record.body).digest('hex'));
    expect(Number(record.attributes.SentTimestamp)).toBeGreaterThan(0);
    expect(Number(record.attributes.ApproximateFirstReceiveTimestamp)).toBeGreaterThan(0);
    expect(await stack.queueDepth(stack.topology.warehouseQueueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  async function threeMessages(stack: LocalStack, sqs: SQSClient): Promise<void> {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: stack.topology.streamQueueUrl,
        Entries: ['a', 'b', 'c'].map((body) => ({ Id: body, MessageBody: body })),
      }),
    );
  }

  function pollStream(stack: LocalStack, sqs: SQSClient, respond: (event: SQSEvent) => SQSBatchResponse | undefined) {
    const batches: SQSEvent[] = [];
    const poller = startSqsPoller({
      sqs,
      queueUrl: stack.topology.streamQueueUrl,
      queueArn: stack.topology.streamQueueArn,
      region: stack.region,
      functionName: 'change-forwarder',
      pollIntervalMs: 20,
      handler: async (event) => {
        batches.push(event);
        return respond(event);
      },
    });
    stops.push(() => poller.stop());
    return { poller, batches };
  }

  it('deletes all but the reported batch item failures, which come back alone', async () => {
    const { stack, sqs } = await start();
    await threeMessages(stack, sqs);
    const { poller, batches } = pollStream(stack, sqs, (event) =>
      batches.length === 1
        ? { batchItemFailures: [{ itemIdentifier: event.Records.find((r) => r.body === 'b')!.messageId }] }
        : undefined,
    );
    await waitFor('the retry', () => (batches.length >= 2 ? true : undefined));
    await poller.stop();
    expect(batches[0]?.Records.map((r) => r.body).sort()).toEqual(['a', 'b', 'c']);
    expect(batches[1]?.Records.map((r) => [r.body, r.attributes.ApproximateReceiveCount])).toEqual([['b', '2']]);
    expect(await stack.queueDepth(stack.topology.streamQueueUrl)).toEqual({ visible: 0, inFlight: 0 });
    expect(poller.failures).toBe(1);
  });

  it.each([
    ['an id not in the batch', { itemIdentifier: 'not-a-message-id' }],
    ['an empty id', { itemIdentifier: '' }],
    ['no id', {}],
  ])('fails the whole batch for %s', async (_, failure) => {
    const { stack, sqs } = await start();
    await threeMessages(stack, sqs);
    const { poller, batches } = pollStream(stack, sqs, () =>
      batches.length === 1 ? ({ batchItemFailures: [failure] } as SQSBatchResponse) : undefined,
    );
    await waitFor('the retry', () => (batches.length >= 2 ? true : undefined));
    await poller.stop();
    expect(batches[1]?.Records.map((r) => r.body).sort()).toEqual(['a', 'b', 'c']);
    expect(batches[1]?.Records.every((r) => r.attributes.ApproximateReceiveCount === '2')).toBe(true);
  });

  it('stop() waits for the invocation in flight and then acts on its result', async () => {
    const { stack, sqs } = await start();
    let release: () => void = () => {};
    let invoked = false;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const poller = startSqsPoller({
      sqs,
      queueUrl: stack.topology.warehouseQueueUrl,
      queueArn: stack.topology.warehouseQueueArn,
      region: stack.region,
      functionName: 'warehouse-loader',
      pollIntervalMs: 20,
      handler: async () => {
        invoked = true;
        await gate;
      },
    });
    await stack.putObject('k/1.parquet', new Uint8Array([1]));
    await waitFor('the invocation', () => (invoked ? true : undefined));
    let stopped = false;
    const stopping = poller.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await stack.queueDepth(stack.topology.warehouseQueueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('fills a batch larger than 10 from several receives', async () => {
    const { stack, sqs } = await start();
    for (let i = 0; i < 3; i++) {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: stack.topology.streamQueueUrl,
          Entries: Array.from({ length: 10 }, (_, j) => ({ Id: `m${j}`, MessageBody: `${i}-${j}` })),
        }),
      );
    }
    const batches: SQSEvent[] = [];
    const poller = startSqsPoller({
      sqs,
      queueUrl: stack.topology.streamQueueUrl,
      queueArn: stack.topology.streamQueueArn,
      region: stack.region,
      functionName: 'change-forwarder',
      batchSize: 25,
      batchingWindowMs: 200,
      handler: async (event) => {
        batches.push(event);
      },
    });
    stops.push(() => poller.stop());
    await waitFor('all 30 messages', () => (batches.flatMap((b) => b.Records).length === 30 ? true : undefined));
    await poller.stop();
    expect(batches.map((b) => b.Records.length)).toEqual([25, 5]);
  });
});
