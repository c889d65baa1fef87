import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { KinesisStreamRecord } from 'aws-lambda';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalStack, startKinesisPoller, startLocalStack } from '../src/index.js';
import { waitFor } from './waitFor.js';

// kinesis-mock is slow to start (~1 s) and to write: one small round trip shows the same SDK calls and the poller
// work against it as against memoryKinesis.
let stack: LocalStack;
let kinesis: KinesisClient;

beforeAll(async () => {
  stack = await startLocalStack({ kinesis: 'kinesis-local', shards: 2 });
  kinesis = new KinesisClient(stack.clientConfig('kinesis'));
});

afterAll(async () => {
  kinesis?.destroy();
  await stack?.stop();
});

it('PutRecords then GetRecords through the Kinesis poller against kinesis-local', async () => {
  expect(stack.topology.streamArn).toBe(`arn:aws:kinesis:${stack.region}:000000000000:stream/ferry-changes`);
  const bodies = Array.from({ length: 30 }, (_, i) => `{"row":${i},"name":"김"}`);
  const put = await kinesis.send(
    new PutRecordsCommand({
      StreamName: stack.topology.streamName,
      Records: bodies.map((b, i) => ({ PartitionKey: `key-${i % 5}`, Data: new TextEncoder().encode(b) })),
    }),
  );
  expect(put.FailedRecordCount).toBe(0);
  expect(new Set(put.Records?.map((r) => r.ShardId)).size).toBe(2);

  const handled: KinesisStreamRecord[] = [];
  const poller = startKinesisPoller({
    kinesis,
    streamName: stack.topology.streamName,
    streamArn: stack.topology.streamArn,
    region: stack.region,
    functionName: 'merge-worker',
    pollIntervalMs: 20,
    handler: async (event) => {
      handled.push(...event.Records);
    },
  });
  await waitFor('all records', () => (handled.length >= bodies.length ? true : undefined));
  await poller.stop();
  const text = (r: KinesisStreamRecord) => Buffer.from(r.kinesis.data, 'base64').toString('utf8');
  expect(handled.map(text).sort()).toEqual([...bodies].sort());
  for (const shardId of new Set(put.Records?.map((r) => r.ShardId))) {
    const inShard = handled.filter((r) => r.eventID.startsWith(`${shardId}:`)).map((r) => r.kinesis.sequenceNumber);
    const written = (put.Records ?? []).filter((r) => r.ShardId === shardId).map((r) => r.SequenceNumber);
    expect(inShard).toEqual(written);
  }
});
