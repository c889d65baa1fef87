import { createHash } from 'node:crypto';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  ProvisionedThroughputExceededException,
  PutRecordCommand,
  PutRecordsCommand,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MemoryKinesis, startMemoryKinesis } from '../src/index.js';

let server: MemoryKinesis;
let kinesis: KinesisClient;
const encoder = new TextEncoder();

beforeAll(async () => {
  server = await startMemoryKinesis({ region: 'ap-northeast-2', shards: 4 });
  kinesis = new KinesisClient({
    region: 'ap-northeast-2',
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1, // a refusal must reach the test, not be retried away
  });
  await kinesis.send(new CreateStreamCommand({ StreamName: 'changes' }));
});

afterAll(async () => {
  kinesis.destroy();
  await server.stop();
});

async function readShard(
  shardId: string,
  type: 'TRIM_HORIZON' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' = 'TRIM_HORIZON',
  at?: string,
) {
  const { ShardIterator } = await kinesis.send(
    new GetShardIteratorCommand({
      StreamName: 'changes',
      ShardId: shardId,
      ShardIteratorType: type,
      ...(at ? { StartingSequenceNumber: at } : {}),
    }),
  );
  return (await kinesis.send(new GetRecordsCommand({ ShardIterator }))).Records ?? [];
}

describe('memoryKinesis through the real SDK', () => {
  it('splits the hash space evenly and routes by MD5 of the partition key or ExplicitHashKey', async () => {
    const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: 'changes' }));
    expect(Shards.map((s) => s.ShardId)).toEqual([0, 1, 2, 3].map((i) => `shardId-00000000000${i}`));
    expect(Shards[0]?.HashKeyRange?.StartingHashKey).toBe('0');
    expect(Shards[1]?.HashKeyRange?.StartingHashKey).toBe((2n ** 126n).toString());
    expect(Shards[3]?.HashKeyRange?.EndingHashKey).toBe((2n ** 128n - 1n).toString());

    const key = 'shop.orders|42';
    const hash = BigInt(`0x${createHash('md5').update(key).digest('hex')}`);
    const expected = Shards.find(
      (s) => hash >= BigInt(s.HashKeyRange!.StartingHashKey!) && hash <= BigInt(s.HashKeyRange!.EndingHashKey!),
    );
    const put = await kinesis.send(
      new PutRecordCommand({ StreamName: 'changes', PartitionKey: key, Data: encoder.encode('x') }),
    );
    expect(put.ShardId).toBe(expected?.ShardId);

    const explicit = await kinesis.send(
      new PutRecordCommand({
        StreamName: 'changes',
        PartitionKey: key,
        ExplicitHashKey: (3n * 2n ** 126n).toString(),
        Data: encoder.encode('y'),
      }),
    );
    expect(explicit.ShardId).toBe('shardId-000000000003');
  });

  it('round-trips PutRecords and GetRecords with increasing sequence numbers per shard and exact bytes', async () => {
    const records = Array.from({ length: 500 }, (_, i) => ({
      PartitionKey: `k${i % 7}`,
      Data: encoder.encode(`{"i":${i},"t":"한국어"}`),
    }));
    const put = await kinesis.send(new PutRecordsCommand({ StreamName: 'changes', Records: records }));
    expect(put.FailedRecordCount).toBe(0);
    const byShard = new Map<string, string[]>();
    for (const result of put.Records ?? []) {
      byShard.set(result.ShardId!, [...(byShard.get(result.ShardId!) ?? []), result.SequenceNumber!]);
    }
    for (const [shardId, sequences] of byShard) {
      const read = (await readShard(shardId)).filter((r) => sequences.includes(r.SequenceNumber!));
      expect(read.map((r) => r.SequenceNumber)).toEqual(sequences);
      const numbers = read.map((r) => BigInt(r.SequenceNumber!));
      expect(numbers.every((n, i) => i === 0 || n > numbers[i - 1]!)).toBe(true);
      for (const record of read) {
        const i = JSON.parse(new TextDecoder().decode(record.Data)).i as number;
        expect(record.PartitionKey).toBe(`k${i % 7}`);
        expect(record.Data).toEqual(records[i]?.Data);
        expect(record.ApproximateArrivalTimestamp).toBeInstanceOf(Date);
      }
    }
    const [shardId, sequences] = [...byShard][0]!;
    expect((await readShard(shardId, 'AT_SEQUENCE_NUMBER', sequences[1]))[0]?.SequenceNumber).toBe(sequences[1]);
    expect((await readShard(shardId, 'AFTER_SEQUENCE_NUMBER', sequences[1]))[0]?.SequenceNumber).toBe(sequences[2]);
  });

  it('refuses more than 500 entries and records above 1 MiB with ValidationException, writing nothing', async () => {
    const tooMany = Array.from({ length: 501 }, () => ({ PartitionKey: 'k', Data: new Uint8Array(1) }));
    await expect(
      kinesis.send(new PutRecordsCommand({ StreamName: 'changes', Records: tooMany })),
    ).rejects.toBeInstanceOf(ValidationException);
    // 1 MiB counts the data and the partition key together.
    const big = [{ PartitionKey: 'kk', Data: new Uint8Array(1024 * 1024 - 1) }];
    await expect(kinesis.send(new PutRecordsCommand({ StreamName: 'changes', Records: big }))).rejects.toBeInstanceOf(
      ValidationException,
    );
    const fits = [{ PartitionKey: 'k', Data: new Uint8Array(1024 * 1024 - 1) }];
    expect(
      (await kinesis.send(new PutRecordsCommand({ StreamName: 'changes', Records: fits }))).FailedRecordCount,
    ).toBe(0);
    const sixMiB = Array.from({ length: 6 }, () => ({ PartitionKey: 'k', Data: new Uint8Array(1024 * 1024 - 1) }));
    await expect(kinesis.send(new PutRecordsCommand({ StreamName: 'changes', Records: sixMiB }))).rejects.toMatchObject(
      {
        name: 'InvalidArgumentException',
      },
    );
    await expect(kinesis.send(new PutRecordsCommand({ StreamName: 'nope', Records: fits }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('throttle(n) fails the next n entries one by one, and PutRecord while throttled', async () => {
    server.throttle(3);
    const entries = Array.from({ length: 5 }, (_, i) => ({ PartitionKey: `t${i}`, Data: encoder.encode(String(i)) }));
    const put = await kinesis.send(new PutRecordsCommand({ StreamName: 'changes', Records: entries }));
    expect(put.FailedRecordCount).toBe(3);
    expect(put.Records?.map((r) => r.ErrorCode ?? 'ok')).toEqual([
      'ProvisionedThroughputExceededException',
      'ProvisionedThroughputExceededException',
      'ProvisionedThroughputExceededException',
      'ok',
      'ok',
    ]);
    expect(put.Records?.[3]?.SequenceNumber).toMatch(/^\d{56}$/);
    server.throttle(1);
    await expect(
      kinesis.send(new PutRecordCommand({ StreamName: 'changes', PartitionKey: 'k', Data: new Uint8Array(1) })),
    ).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
    const after = await kinesis.send(
      new PutRecordCommand({ StreamName: 'changes', PartitionKey: 'k', Data: new Uint8Array(1) }),
    );
    expect(after.SequenceNumber).toBeDefined();
  });
});
