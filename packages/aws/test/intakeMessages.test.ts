import { parseMappings } from '@ferry/mappings';
import { describe, expect, it } from 'vitest';
import { BatchOutcome, intakeMessages } from '../src/index.js';
import { s3Event, s3Record, snsEnvelope, testEvent } from './s3Events.js';

const mappings = parseMappings([
  {
    file: 'brand-a.json',
    json: {
      source: 'brand-a',
      prefix: 'dms/brand-a/',
      tables: {
        'shop.orders': { primaryKey: ['id'], speedLayer: { table: 'orders' } },
        'shop.order_items': { primaryKey: ['order_id', 'line_no'], speedLayer: { table: 'order_items' } },
      },
    },
  },
]);

describe('intakeMessages', () => {
  it('sorts a batch by table across messages, merging duplicate events of one object', () => {
    const cdc = 'dms/brand-a/shop/orders/20261123-000102345.parquet';
    const load = 'dms/brand-a/shop/orders/LOAD00000001.parquet';
    const items = 'dms/brand-a/shop/order_items/20261123-000102345.parquet';
    const intake = intakeMessages(
      [
        { messageId: 'm1', body: snsEnvelope(s3Event(s3Record(cdc), s3Record(items))) },
        { messageId: 'm2', body: s3Event(s3Record(load)) },
        { messageId: 'm3', body: snsEnvelope(s3Event(s3Record(cdc))) },
      ],
      mappings,
    );
    expect(intake.failed).toEqual([]);
    expect(intake.skipped).toEqual([]);
    const orders = intake.tables.find((t) => t.mapping.id === 'brand-a:shop.orders')!;
    expect(orders.files.map((f) => f.file.key)).toEqual([load, cdc]);
    expect(orders.files[1]!.events.map((e) => e.messageId)).toEqual(['m1', 'm3']);
    expect(intake.tables.find((t) => t.mapping.id === 'brand-a:shop.order_items')!.files).toHaveLength(1);
  });

  it('skips test events and unmapped keys with the reason, and fails messages that are not S3 events', () => {
    const intake = intakeMessages(
      [
        { messageId: 'test', body: snsEnvelope(testEvent) },
        { messageId: 'other', body: s3Event(s3Record('exports/report.csv')) },
        { messageId: 'unmapped', body: s3Event(s3Record('dms/brand-a/shop/coupons/20261123-000102345.parquet')) },
        { messageId: 'junk', body: 'not json at all' },
        { messageId: 'bad-key', body: s3Event(s3Record('dms/brand-a/shop/orders/notes.txt')) },
      ],
      mappings,
    );
    expect(intake.tables).toEqual([]);
    expect(intake.skipped.map((s) => s.messageId)).toEqual(['test', 'other', 'unmapped']);
    expect(intake.skipped[2]!.reason).toMatch(/does not map table shop\.coupons/);
    expect(intake.failed.map((f) => [f.messageId, f.error.retryable])).toEqual([
      ['junk', false],
      ['bad-key', false],
    ]);
    expect(intake.failed[1]!.key).toBe('dms/brand-a/shop/orders/notes.txt');
  });
});

describe('BatchOutcome', () => {
  it('keeps the first reason a message failed for', () => {
    const outcome = new BatchOutcome();
    outcome.fail('m1', 'file a: warehouse down', true);
    outcome.fail('m1', 'file b: corrupt', false);
    expect(outcome.failure('m1')).toEqual({ reason: 'file a: warehouse down', retryable: true });
    expect(outcome.failure('m2')).toBeUndefined();
    expect([...outcome.failures.keys()]).toEqual(['m1']);
  });
});
