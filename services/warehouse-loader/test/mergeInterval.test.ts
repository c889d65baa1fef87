import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, PurgeQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { routeOutput } from '@ferry/aws';
import type { Sink } from '@ferry/core';
import { type LocalStack, startLocalStack } from '@ferry/local-stack';
import { parseMappings } from '@ferry/mappings';
import { encodeDmsParquet, mysqlDmsType, OutputCapture } from '@ferry/testkit';
import { openWarehouse } from '@ferry/warehouse';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compose, type LoadFilesDeps, loadFiles } from '../src/index.js';

// The minimum merge interval: a target merged less than the interval ago is not merged again; its messages go
// back on the queue, delayed, and nothing is lost or counted as a failure.

const mappings = parseMappings([
  {
    file: 'app.json',
    json: {
      source: 'app',
      prefix: 'dms/app/',
      tables: {
        'app.notes': { primaryKey: ['id'], warehouse: { schema: 'raw', table: 'notes' } },
        'app.tags': { primaryKey: ['id'], warehouse: { schema: 'raw', table: 'tags' } },
      },
    },
  },
]);

const file = (ids: bigint[], text: string) =>
  encodeDmsParquet([
    { name: 'Op', ...mysqlDmsType.op, values: ids.map(() => 'U') },
    { name: 'id', ...mysqlDmsType.bigint, values: ids },
    { name: 'text', ...mysqlDmsType.text, values: ids.map(() => text) },
  ]);

describe('loadFiles with a minimum merge interval', () => {
  let stack: LocalStack;
  let sqs: SQSClient;
  let warehouse: Sink;
  const output = new OutputCapture();
  const open = async (queueUrl: string): Promise<LoadFilesDeps> =>
    compose(
      {
        mappingsDir: '(given)',
        warehouseUrl: '(given)',
        maskKey: 'test-mask-key-0123456789',
        s3ForcePathStyle: true,
        minMergeIntervalSeconds: 60,
        queueUrl,
      },
      {
        s3: new S3Client(stack.clientConfig('s3')),
        sqs,
        warehouse,
        mappings,
        logger: routeOutput(new Logger({ serviceName: 'warehouse-loader' }), output.console),
        metrics: routeOutput(new Metrics({ namespace: 'ferry', serviceName: 'warehouse-loader' }), output.console),
      },
    );
  const queue = () => stack.topology.warehouseQueueUrl;
  const receive = async () => {
    const got = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue(), MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    return (got.Messages ?? []).map((m) => ({ messageId: m.MessageId!, body: m.Body! }));
  };
  const delayed = async () =>
    Number(
      (
        await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: queue(), AttributeNames: ['ApproximateNumberOfMessagesDelayed'] }),
        )
      ).Attributes?.ApproximateNumberOfMessagesDelayed,
    );

  beforeAll(async () => {
    stack = await startLocalStack({ kinesis: 'memory' });
    sqs = new SQSClient(stack.clientConfig('sqs'));
  });
  beforeEach(async () => {
    await warehouse?.close();
    warehouse = await openWarehouse('duckdb::memory:');
    await sqs.send(new PurgeQueueCommand({ QueueUrl: queue() }));
  });
  afterAll(async () => {
    await warehouse?.close();
    await stack?.stop();
  });

  it('merges a target once, then requeues its next files delayed while other targets still merge', async () => {
    const deps = await open(queue());
    await stack.putObject('dms/app/app/notes/20261123-000000001.parquet', file([1n], 'one'));
    expect((await loadFiles(deps, await receive())).failures.size).toBe(0);

    await stack.putObject('dms/app/app/notes/20261123-000000002.parquet', file([1n, 2n], 'two'));
    await stack.putObject('dms/app/app/tags/20261123-000000003.parquet', file([7n], 'tag'));
    const batch = await receive();
    expect(batch).toHaveLength(2);
    const outcome = await loadFiles(deps, batch);
    // Deferred is not failed: the messages are acknowledged, and their copies wait on the queue.
    expect(outcome.failures.size).toBe(0);
    expect(await delayed()).toBe(1);
    expect(output.records().filter((r) => r.message === 'table deferred')).toContainEqual(
      expect.objectContaining({ target: 'raw.notes', tables: ['app:app.notes'], files: 1 }),
    );
    expect(
      output
        .records()
        .filter((r) => r.message === 'messages requeued')
        .at(-1),
    ).toMatchObject({
      messages: 1,
      failed: 0,
      delaySeconds: 20,
    });
    // raw.notes kept its first merge only; raw.tags, never merged before, was merged at once.
    expect((await warehouse.query('select id, text from raw.notes_live order by id')).rows).toEqual([['1', 'one']]);
    expect((await warehouse.query('select id, text from raw.tags_live')).rows).toEqual([['7', 'tag']]);

    // Once the interval has passed (a clock 61 s later), the requeued copy merges as the original would have.
    const later = { ...deps, now: () => Date.now() + 61_000 };
    const requeued = batch.filter((m) => m.body.includes('notes'));
    expect((await loadFiles(later, requeued)).failures.size).toBe(0);
    expect((await warehouse.query('select id, text from raw.notes_live order by id')).rows).toEqual([
      ['1', 'two'],
      ['2', 'two'],
    ]);
  });

  it('fails a deferred message retryably when it cannot be requeued, so it is not lost', async () => {
    const deps = await open(`${queue()}-missing`);
    await stack.putObject('dms/app/app/notes/20261123-000000011.parquet', file([1n], 'one'));
    expect((await loadFiles(deps, await receive())).failures.size).toBe(0);
    await stack.putObject('dms/app/app/notes/20261123-000000012.parquet', file([2n], 'two'));
    const batch = await receive();
    const outcome = await loadFiles(deps, batch);
    expect([...outcome.failures.entries()]).toEqual([
      [
        batch[0]!.messageId,
        expect.objectContaining({ retryable: true, reason: expect.stringMatching(/could not be requeued/) }),
      ],
    ]);
  });

  it('reads the mask key from Secrets Manager when deployed, and refuses both or neither', async () => {
    const { loadConfig } = await import('../src/config.js');
    const base = { FERRY_WAREHOUSE: 'duckdb::memory:' };
    const config = loadConfig({ ...base, FERRY_MASK_KEY_SECRET: 'ferry/test/mask-key' });
    expect(config).toMatchObject({ maskKey: undefined, maskKeySecret: 'ferry/test/mask-key' });
    await stack.putSecret('ferry/test/mask-key', 'mask-key-from-secrets-0123');
    const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const { secretsManagerReader } = await import('@ferry/aws');
    const secrets = new SecretsManagerClient(stack.clientConfig('secretsmanager'));
    try {
      const deps = await compose(config, { warehouse, mappings, readSecret: secretsManagerReader(secrets) });
      expect(deps.maskKey).toBe('mask-key-from-secrets-0123');
    } finally {
      secrets.destroy();
    }
    expect(() => loadConfig(base)).toThrow(/set exactly one of FERRY_MASK_KEY and FERRY_MASK_KEY_SECRET/);
    expect(() => loadConfig({ ...base, FERRY_MASK_KEY: 'k'.repeat(16), FERRY_MASK_KEY_SECRET: 's' })).toThrow(
      /set exactly one/,
    );
  });

  it('is refused by configuration without a queue to requeue to', async () => {
    const { loadConfig } = await import('../src/config.js');
    expect(() =>
      loadConfig({
        FERRY_WAREHOUSE: 'duckdb::memory:',
        FERRY_MASK_KEY: 'k'.repeat(16),
        FERRY_MIN_MERGE_INTERVAL_SECONDS: '180',
      }),
    ).toThrow(/FERRY_QUEUE_URL: required when FERRY_MIN_MERGE_INTERVAL_SECONDS is above 0/);
    expect(
      loadConfig({
        FERRY_WAREHOUSE: 'duckdb::memory:',
        FERRY_MASK_KEY: 'k'.repeat(16),
        FERRY_MIN_MERGE_INTERVAL_SECONDS: '180',
        FERRY_QUEUE_URL: 'https://sqs.ap-northeast-2.amazonaws.com/1/q',
      }).minMergeIntervalSeconds,
    ).toBe(180);
  });
});
