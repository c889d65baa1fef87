import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { parseS3Notifications, type S3ObjectEvent } from '@ferry/aws';
import { type LocalStack, s3CreatedEvent, startLocalStack } from '@ferry/local-stack';
import { type Mappings, parseMappings } from '@ferry/mappings';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BackfillOptions, backfill, backfillMessage, stageNames } from '../src/index.js';

const names = stageNames('test');
const BUCKET = 'ferry-test-landing-000000000000-ap-northeast-2';

const table = (extra: Record<string, unknown> = {}) => ({ primaryKey: ['id'], ...extra });
const mappings: Mappings = parseMappings([
  {
    file: 'brand-a.json',
    json: {
      source: 'brand-a',
      prefix: 'dms/brand-a/',
      tables: {
        'shop.orders': table(),
        'shop.customers': table(),
        // Goes to the warehouse only: never sent to the stream queue.
        'shop.audit': table({ speedLayer: false }),
      },
    },
  },
  {
    file: 'brand-b.json',
    json: {
      source: 'brand-b',
      prefix: 'dms/brand-b/',
      tables: { 'shop.orders': table({ warehouse: { schema: 'raw_b' }, speedLayer: { table: 'b_orders' } }) },
    },
  },
]);

/**
 * Landed objects, put in an order unlike file-time order. Full-load counters are hexadecimal (FACTS §1:
 * LOAD00000009 < LOAD0000000A < LOAD00000010); CDC files sit flat or in date partitions.
 */
const landed = [
  'dms/brand-a/shop/orders/20261123-000130000.parquet',
  'dms/brand-a/shop/orders/LOAD00000010.parquet',
  'dms/brand-a/shop/customers/2026/11/22/20261122-235930123.parquet',
  'dms/brand-a/shop/orders/LOAD0000000A.parquet',
  'dms/brand-a/shop/orders/LOAD00000009.parquet',
  'dms/brand-a/shop/customers/LOAD00000001.parquet',
  'dms/brand-a/shop/customers/2026/11/23/20261123-000015500.parquet',
  'dms/brand-a/shop/orders/20261122-235959999.parquet',
  'dms/brand-a/shop/audit/20261123-000100000.parquet',
  'dms/brand-a/shop/orders/2026-11-23/20261123-000200000.csv.gz',
  // Not sent: an unmapped table, and objects that are not DMS data files.
  'dms/brand-a/shop/secrets/LOAD00000001.parquet',
  'dms/brand-a/shop/orders/notes.txt',
  'dms/brand-a/awsdms_apply_exceptions.parquet',
  // Another source's files.
  'dms/brand-b/shop/orders/LOAD00000001.parquet',
  'dms/brand-b/shop/orders/20261123-000000000.parquet',
];

const FULL_LOAD_IN_ORDER = [
  'dms/brand-a/shop/customers/LOAD00000001.parquet',
  'dms/brand-a/shop/orders/LOAD00000009.parquet',
  'dms/brand-a/shop/orders/LOAD0000000A.parquet',
  'dms/brand-a/shop/orders/LOAD00000010.parquet',
];
const CDC_IN_ORDER = [
  'dms/brand-a/shop/customers/2026/11/22/20261122-235930123.parquet',
  'dms/brand-a/shop/orders/20261122-235959999.parquet',
  'dms/brand-a/shop/customers/2026/11/23/20261123-000015500.parquet',
  'dms/brand-a/shop/audit/20261123-000100000.parquet',
  'dms/brand-a/shop/orders/20261123-000130000.parquet',
  'dms/brand-a/shop/orders/2026-11-23/20261123-000200000.csv.gz',
];

describe('backfill on the local stack', () => {
  let stack: LocalStack;
  let s3: S3Client;
  let sqs: SQSClient;
  const eTags = new Map<string, string>();

  beforeAll(async () => {
    stack = await startLocalStack({ names: { ...names, bucket: BUCKET }, visibilityTimeoutSeconds: 30 });
    s3 = new S3Client(stack.clientConfig('s3'));
    sqs = new SQSClient(stack.clientConfig('sqs'));
    // Straight to S3, not `stack.putObject`: that would publish the events backfill is meant to send.
    for (const [i, key] of landed.entries()) {
      const body = new TextEncoder().encode(`${key}#${'x'.repeat(i)}`);
      const { ETag } = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
      eTags.set(key, ETag!.replace(/"/g, ''));
    }
  });
  afterAll(async () => {
    s3?.destroy();
    sqs?.destroy();
    await stack?.stop();
  });
  beforeEach(async () => {
    // No event fired on put, and nothing left from another test.
    await drain(stack.topology.warehouseQueueUrl);
    await drain(stack.topology.streamQueueUrl);
  });

  const options = (over: Partial<BackfillOptions> = {}): BackfillOptions => ({
    bucket: BUCKET,
    sources: ['brand-a'],
    sink: 'both',
    queues: { warehouse: names.warehouseQueue, stream: names.streamQueue },
    topic: names.topic,
    rate: 1000,
    dryRun: false,
    ...over,
  });
  const run = (over: Partial<BackfillOptions> = {}) => backfill({ s3, sqs, mappings }, options(over));

  /** Every message on the queue, deleted, as the events it carries, in the order they were sent (sequencer). */
  async function drain(queueUrl: string): Promise<(S3ObjectEvent & { body: unknown })[]> {
    const events: (S3ObjectEvent & { body: unknown })[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      if (Messages.length === 0) break;
      for (const m of Messages) {
        for (const e of parseS3Notifications(m.Body!, m.MessageId)) events.push({ ...e, body: JSON.parse(m.Body!) });
      }
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
    return events.sort((a, b) => (BigInt(`0x${a.sequencer}`) < BigInt(`0x${b.sequencer}`) ? -1 : 1));
  }

  it('sends every mapped file of a source, full load first (hex LOAD order), then CDC by file-name time', async () => {
    const report = await run();
    const expected = [...FULL_LOAD_IN_ORDER, ...CDC_IN_ORDER];
    expect(report.files.map((f) => f.file.key)).toEqual(expected);

    const warehouse = await drain(stack.topology.warehouseQueueUrl);
    const stream = await drain(stack.topology.streamQueueUrl);
    expect(warehouse.map((e) => e.key)).toEqual(expected);
    // shop.audit maps no speed layer.
    expect(stream.map((e) => e.key)).toEqual(expected.filter((k) => !k.includes('/audit/')));
    expect(report.sent).toEqual({ warehouse: 10, stream: 9 });

    // Each event names the object as S3 would: bucket, size and ETag as listed, in an SNS envelope.
    for (const e of warehouse) {
      expect(e.bucket).toBe(BUCKET);
      expect(e.eTag).toBe(eTags.get(e.key));
      expect(e.size).toBe(new TextEncoder().encode(`${e.key}#${'x'.repeat(landed.indexOf(e.key))}`).byteLength);
      expect(e.body).toMatchObject({
        Type: 'Notification',
        Subject: 'Amazon S3 Notification',
        TopicArn: expect.stringMatching(/^arn:aws:sns:ap-northeast-2:\d+:ferry-test-landing$/),
      });
    }

    expect(report.tables).toEqual([
      {
        table: 'brand-a:shop.audit',
        fullLoadFiles: 0,
        cdcFiles: 1,
        bytes: expect.any(Number),
        warehouse: 1,
        stream: 0,
      },
      {
        table: 'brand-a:shop.customers',
        fullLoadFiles: 1,
        cdcFiles: 2,
        bytes: expect.any(Number),
        warehouse: 3,
        stream: 3,
      },
      {
        table: 'brand-a:shop.orders',
        fullLoadFiles: 3,
        cdcFiles: 3,
        bytes: expect.any(Number),
        warehouse: 6,
        stream: 6,
      },
    ]);
    // Unmapped tables and objects that are not DMS files are reported with the reason, never sent.
    expect(report.skipped).toEqual([
      {
        key: 'dms/brand-a/awsdms_apply_exceptions.parquet',
        reason: expect.stringContaining('expected dms/brand-a/<schema>/<table>/'),
      },
      {
        key: 'dms/brand-a/shop/orders/notes.txt',
        reason: expect.stringContaining('is not a DMS data file'),
      },
      {
        key: 'dms/brand-a/shop/secrets/LOAD00000001.parquet',
        reason: 'table shop.secrets is not mapped by source "brand-a"',
      },
    ]);
  });

  it('--table, --since and --until pick CDC files by the time in their name; the full load is left out with --since', async () => {
    const report = await run({
      table: { schema: 'shop', table: 'orders' },
      since: new Date('2026-11-23T00:00:00Z'),
      until: new Date('2026-11-23T00:02:00Z'),
      sink: 'warehouse',
    });
    const expected = ['dms/brand-a/shop/orders/20261123-000130000.parquet'];
    expect(report.files.map((f) => f.file.key)).toEqual(expected);
    // The three full-load files, the CDC file before --since and the one at --until (exclusive).
    expect(report.outsideWindow).toBe(5);
    expect((await drain(stack.topology.warehouseQueueUrl)).map((e) => e.key)).toEqual(expected);
    expect(await drain(stack.topology.streamQueueUrl)).toEqual([]);
    expect(report.sent).toEqual({ warehouse: 1, stream: 0 });
  });

  it('--until alone keeps the full load, which precedes every CDC file', async () => {
    const report = await run({ until: new Date('2026-11-23T00:00:00Z'), sink: 'speed-layer' });
    const expected = [
      ...FULL_LOAD_IN_ORDER,
      'dms/brand-a/shop/customers/2026/11/22/20261122-235930123.parquet',
      'dms/brand-a/shop/orders/20261122-235959999.parquet',
    ];
    expect((await drain(stack.topology.streamQueueUrl)).map((e) => e.key)).toEqual(expected);
    expect(await drain(stack.topology.warehouseQueueUrl)).toEqual([]);
    expect(report.sent).toEqual({ warehouse: 0, stream: expected.length });
  });

  it('several sources: each lists only its own prefix', async () => {
    const report = await run({ sources: ['brand-b', 'brand-a'], table: { schema: 'shop', table: 'orders' } });
    expect(report.files.map((f) => f.file.key)).toEqual([
      'dms/brand-a/shop/orders/LOAD00000009.parquet',
      'dms/brand-a/shop/orders/LOAD0000000A.parquet',
      'dms/brand-a/shop/orders/LOAD00000010.parquet',
      'dms/brand-b/shop/orders/LOAD00000001.parquet',
      'dms/brand-a/shop/orders/20261122-235959999.parquet',
      'dms/brand-b/shop/orders/20261123-000000000.parquet',
      'dms/brand-a/shop/orders/20261123-000130000.parquet',
      'dms/brand-a/shop/orders/2026-11-23/20261123-000200000.csv.gz',
    ]);
  });

  it('a dry run lists what it would send and sends nothing', async () => {
    const report = await run({ dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.files).toHaveLength(10);
    expect(report.sent).toEqual({ warehouse: 0, stream: 0 });
    expect(report.tables.map((t) => [t.table, t.warehouse, t.stream])).toEqual([
      ['brand-a:shop.audit', 1, 0],
      ['brand-a:shop.customers', 3, 3],
      ['brand-a:shop.orders', 6, 6],
    ]);
    expect(await drain(stack.topology.warehouseQueueUrl)).toEqual([]);
    expect(await drain(stack.topology.streamQueueUrl)).toEqual([]);
  });

  it('keeps to --rate: waits so that n files take at least n / rate seconds', async () => {
    let clock = 0;
    const waits: number[] = [];
    const report = await backfill(
      {
        s3,
        sqs,
        mappings,
        now: () => clock,
        sleep: async (ms) => {
          waits.push(ms);
          clock += ms;
        },
      },
      options({ rate: 4, sink: 'warehouse' }),
    );
    // 10 files in batches of 4 at 4 files/s: the second batch is due at 1 s, the third at 2 s.
    expect(report.sent.warehouse).toBe(10);
    expect(waits).toEqual([1000, 1000]);
    await drain(stack.topology.warehouseQueueUrl);
  });

  it('names a source or table the mappings do not have', async () => {
    await expect(run({ sources: ['brand-z'] })).rejects.toThrow(
      'no mapping file has source "brand-z". Sources in the mappings: brand-a, brand-b',
    );
    await expect(run({ sources: ['brand-b'], table: { schema: 'shop', table: 'audit' } })).rejects.toThrow(
      /source "brand-b" does not map table shop\.audit\. Add it to brand-b\.json/,
    );
    await expect(run({ rate: 0 })).rejects.toThrow('rate 0 is not a positive number of files per second');
  });

  it('names a queue it cannot find', async () => {
    await expect(run({ queues: { warehouse: 'ferry-nope-warehouse', stream: names.streamQueue } })).rejects.toThrow(
      /cannot find queue ferry-nope-warehouse/,
    );
  });
});

describe('backfillMessage', () => {
  it('is the S3 event record S3 sends, in an SNS envelope, and ferry reads the key back exactly', () => {
    const key = 'dms/brand-a/shop/주문 a+b(1)!/LOAD00000001.parquet';
    const eventTime = new Date('2026-11-23T00:00:00.123Z');
    const body = backfillMessage({
      region: 'ap-northeast-2',
      topicArn: 'arn:aws:sns:ap-northeast-2:123456789012:ferry-test-landing',
      bucket: 'b',
      key,
      size: 42,
      eTag: '"abc"',
      sequencer: '00000000000000000A',
      eventTime,
    });
    expect(parseS3Notifications(body, 'm1')).toEqual([
      { bucket: 'b', key, size: 42, eTag: 'abc', sequencer: '00000000000000000A', eventTime: eventTime.toISOString() },
    ]);
    const record = JSON.parse(JSON.parse(body).Message).Records[0];
    const real = s3CreatedEvent({
      region: 'ap-northeast-2',
      bucket: 'b',
      key,
      size: 42,
      eTag: 'abc',
      sequencer: '00000000000000000A',
      eventTime,
      multipart: false,
    }).Records[0]!;
    // The same fields as the local stack's model of S3's event, and the key encoded the same way.
    expect(shape(record)).toEqual(shape(real));
    expect(record.s3.object.key).toBe(real.s3.object.key);
    expect(record.eventName).toBe('ObjectCreated:Put');
  });
});

function shape(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return typeof value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
}
