import { randomBytes } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type ChangeRecord, decodeStreamRecord, routeOutput } from '@ferry/aws';
import { type LocalStack, startLocalStack } from '@ferry/local-stack';
import { parseMappings } from '@ferry/mappings';
import { encodeDmsParquet, mysqlDmsType, OutputCapture } from '@ferry/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, forwardFiles } from '../src/index.js';

const mappings = parseMappings([
  {
    file: 'app.json',
    json: {
      source: 'app',
      prefix: 'dms/app/',
      tables: { 'app.notes': { primaryKey: ['id'], speedLayer: { table: 'notes' } } },
    },
  },
]);

const notesFile = (notes: string[]) =>
  encodeDmsParquet([
    { name: 'Op', ...mysqlDmsType.op, values: notes.map(() => 'I') },
    { name: 'id', ...mysqlDmsType.bigint, values: notes.map((_, i) => BigInt(i + 1)) },
    { name: 'note', ...mysqlDmsType.text, values: notes },
  ]);

/** Every change record on the stream, read from each shard's start, in position order. */
async function streamRows(kinesis: KinesisClient, streamName: string): Promise<ChangeRecord[]> {
  const rows: ChangeRecord[] = [];
  const shards = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
  for (const shard of shards.Shards ?? []) {
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shard.ShardId!,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const page = await kinesis.send(new GetRecordsCommand({ ShardIterator, Limit: 10_000 }));
    for (const r of page.Records ?? []) rows.push(...decodeStreamRecord(r.Data!));
  }
  return rows.sort((a, b) => a.position.localeCompare(b.position));
}

describe('forwardFiles on the local stack (in-process Kinesis)', () => {
  let stack: LocalStack;
  let sqs: SQSClient;
  let kinesis: KinesisClient;
  const output = new OutputCapture();
  let deps: Awaited<ReturnType<typeof compose>>;
  beforeAll(async () => {
    stack = await startLocalStack({ kinesis: 'memory', shards: 2 });
    sqs = new SQSClient(stack.clientConfig('sqs'));
    kinesis = new KinesisClient(stack.clientConfig('kinesis'));
    deps = await compose(
      {
        mappingsDir: '(given)',
        streamName: stack.topology.streamName,
        maskKey: 'test-mask-key-0123456789',
        s3ForcePathStyle: true,
      },
      {
        s3: new S3Client(stack.clientConfig('s3')),
        kinesis,
        mappings,
        logger: routeOutput(new Logger({ serviceName: 'change-forwarder' }), output.console),
        metrics: routeOutput(new Metrics({ namespace: 'ferry', serviceName: 'change-forwarder' }), output.console),
      },
    );
  });
  afterAll(async () => stack?.stop());

  const receive = async () =>
    (
      await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: stack.topology.streamQueueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 2,
        }),
      )
    ).Messages?.map((m) => ({ messageId: m.MessageId!, body: m.Body! })) ?? [];

  it('sends every row but a too-large one, and fails that file terminally with the reason', async () => {
    // Random text: packed records are deflated, so only incompressible bytes stay over the limit.
    const huge = randomBytes(1_200_000).toString('base64');
    const key = 'dms/app/app/notes/20261123-000000001.parquet';
    await stack.putObject(key, notesFile(['small', huge, 'also small']));
    stack.throttleKinesis(3); // and Kinesis refuses a few entries on the way: only those are sent again
    const outcome = await forwardFiles(deps, await receive());
    const [failure] = [...outcome.failures.values()];
    expect(outcome.failures.size).toBe(1);
    expect(failure).toMatchObject({ retryable: false });
    expect(failure!.reason).toMatch(/20261123-000000001\.parquet.*over the 1 MiB Kinesis record limit/);
    const rows = await streamRows(kinesis, stack.topology.streamName);
    expect(rows.map((r) => r.values[r.columns.findIndex((c) => c.name === 'note')])).toEqual(['small', 'also small']);
    expect(rows.every((r) => r.fileKey === key && r.tableId === 'app:app.notes')).toBe(true);
    const logged = output.records().find((r) => r.message === 'file failed');
    expect(logged).toMatchObject({ table: 'app:app.notes', fileKey: key, retryable: false });
    const forwarded = output.records().find((r) => r.message === 'table forwarded');
    expect(forwarded).toMatchObject({ rows: 3, filesFailed: 1 });
    expect(Number(forwarded?.retriedEntries)).toBeGreaterThan(0);
  });
});

describe('forwardFiles against kinesis-local (kinesis-mock speaking the real API)', () => {
  it('puts packed records the real SDK reads back, every row exactly once', async () => {
    const stack = await startLocalStack({ kinesis: 'kinesis-local', shards: 2 });
    try {
      const kinesis = new KinesisClient(stack.clientConfig('kinesis'));
      const sqs = new SQSClient(stack.clientConfig('sqs'));
      const output = new OutputCapture();
      const deps = await compose(
        {
          mappingsDir: '(given)',
          streamName: stack.topology.streamName,
          maskKey: 'test-mask-key-0123456789',
          s3ForcePathStyle: true,
        },
        {
          s3: new S3Client(stack.clientConfig('s3')),
          kinesis,
          mappings,
          logger: routeOutput(new Logger({ serviceName: 'change-forwarder' }), output.console),
          metrics: routeOutput(new Metrics({ namespace: 'ferry', serviceName: 'change-forwarder' }), output.console),
        },
      );
      const notes = Array.from({ length: 120 }, (_, i) => `note ${i} 한국어`);
      await stack.putObject('dms/app/app/notes/20261123-000000002.parquet', notesFile(notes));
      const got = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: stack.topology.streamQueueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 2,
        }),
      );
      const outcome = await forwardFiles(
        deps,
        (got.Messages ?? []).map((m) => ({ messageId: m.MessageId!, body: m.Body! })),
      );
      expect(outcome.failures.size).toBe(0);
      const rows = await streamRows(kinesis, stack.topology.streamName);
      const note = (r: ChangeRecord) => r.values[r.columns.findIndex((c) => c.name === 'note')];
      expect(rows.map(note).sort()).toEqual([...notes].sort());
      // Packed: far fewer Kinesis records than rows.
      const forwarded = output.records().find((r) => r.message === 'table forwarded');
      expect(Number(forwarded?.records)).toBeLessThan(notes.length);
    } finally {
      await stack.stop();
    }
  });
});
