import { DmsFileError } from '@ferry/core';
import { parseMappings } from '@ferry/mappings';
import { describe, expect, it } from 'vitest';
import { groupByTable, parseS3Notifications, type S3ObjectEvent } from '../src/index.js';
import { s3Event, s3Record } from './s3Events.js';

const table = (name: string, key: string[]) => ({
  primaryKey: key,
  warehouse: { schema: 'raw', table: name, deletes: 'soft' },
  speedLayer: { table: name },
});
const mappings = parseMappings([
  {
    file: 'brand-a.json',
    json: {
      source: 'brand-a',
      prefix: 'dms/brand-a/',
      tables: {
        'shop.orders': table('a_orders', ['id']),
        'shop.order_items': table('a_order_items', ['order_id', 'line_no']),
      },
    },
  },
  {
    file: 'brand-b.json',
    json: { source: 'brand-b', prefix: 'dms/brand-b/', tables: { 'shop.orders': table('b_orders', ['id']) } },
  },
]);

/** Events as a handler holds them: each with the SQS message it came in. */
function events(...keys: [messageId: string, key: string][]): (S3ObjectEvent & { messageId: string })[] {
  return keys.map(([messageId, key]) => ({ ...parseS3Notifications(s3Event(s3Record(key)))[0]!, messageId }));
}

describe('groupByTable', () => {
  it('groups a batch by mapped table, in load order, keeping each event whole', () => {
    const batch = events(
      ['m1', 'dms/brand-a/shop/orders/20261123-000200000.parquet'],
      ['m2', 'dms/brand-b/shop/orders/LOAD00000001.parquet'],
      ['m3', 'dms/brand-a/shop/order_items/20261123-000100000.parquet'],
      ['m4', 'dms/brand-a/shop/orders/20261123-000100000.parquet'],
      ['m5', 'dms/brand-a/shop/orders/LOAD0000000A.parquet'],
      ['m6', 'dms/brand-a/shop/orders/LOAD00000002.parquet'],
    );
    const grouped = groupByTable(batch, mappings);
    expect(grouped.unmapped).toEqual([]);
    expect(grouped.invalid).toEqual([]);
    expect(
      grouped.tables.map((t) => [
        t.mapping.id,
        t.files.map((f) => [f.file.fileName, f.events.map((e) => e.messageId)]),
      ]),
    ).toEqual([
      [
        'brand-a:shop.orders',
        [
          ['LOAD00000002.parquet', ['m6']],
          ['LOAD0000000A.parquet', ['m5']],
          ['20261123-000100000.parquet', ['m4']],
          ['20261123-000200000.parquet', ['m1']],
        ],
      ],
      ['brand-b:shop.orders', [['LOAD00000001.parquet', ['m2']]]],
      ['brand-a:shop.order_items', [['20261123-000100000.parquet', ['m3']]]],
    ]);
    const first = grouped.tables[0]!.files[2]!;
    expect(first.file).toMatchObject({ source: 'brand-a', kind: 'cdc', table: { schema: 'shop', table: 'orders' } });
    expect(first.events[0]).toBe(batch[3]);
  });

  it('merges duplicate deliveries of one object into one file with every event', () => {
    const key = 'dms/brand-a/shop/orders/20261123-000200000.parquet';
    const grouped = groupByTable(events(['m1', key], ['m2', key], ['m3', key]), mappings);
    expect(grouped.tables).toHaveLength(1);
    expect(grouped.tables[0]!.files.map((f) => f.events.map((e) => e.messageId))).toEqual([['m1', 'm2', 'm3']]);
  });

  it('keeps the same key in two buckets as two files', () => {
    const key = 'dms/brand-a/shop/orders/20261123-000200000.parquet';
    const a = parseS3Notifications(s3Event(s3Record(key), s3Record(key, { bucket: 'replica' })));
    expect(groupByTable(a, mappings).tables[0]!.files.map((f) => f.events[0]!.bucket)).toEqual([
      'ferry-landing',
      'replica',
    ]);
  });

  it('returns keys outside every source, and tables a source does not map, as unmapped with the reason', () => {
    const grouped = groupByTable(
      events(
        ['m1', 'exports/report.csv'],
        ['m2', 'dms/brand-b/shop/order_items/20261123-000100000.parquet'],
        ['m3', 'dms/brand-a/shop/orders/20261123-000100000.parquet'],
      ),
      mappings,
    );
    expect(grouped.tables.map((t) => t.mapping.id)).toEqual(['brand-a:shop.orders']);
    expect(grouped.unmapped.map((u) => [u.event.messageId, u.reason])).toEqual([
      ['m1', "no mapping source's prefix matches s3://ferry-landing/exports/report.csv"],
      ['m2', 'source "brand-b" (brand-b.json) does not map table shop.order_items'],
    ]);
    expect(grouped.invalid).toEqual([]);
  });

  it('returns keys under a source that are not DMS data files as invalid, with the DmsFileError', () => {
    const grouped = groupByTable(
      events(
        ['m1', 'dms/brand-a/shop/orders/notes.txt'],
        ['m2', 'dms/brand-a/orders.parquet'],
        ['m3', 'dms/brand-a/shop/orders/20261123-000100000.parquet'],
        ['m4', 'dms/brand-a/shop/orders/20260230-000100000.parquet'],
      ),
      mappings,
    );
    expect(grouped.tables.map((t) => t.files.length)).toEqual([1]);
    expect(grouped.invalid.map((i) => i.event.messageId)).toEqual(['m1', 'm2', 'm4']);
    for (const { event, error } of grouped.invalid) {
      expect(error).toBeInstanceOf(DmsFileError);
      expect(error.fileKey).toBe(event.key);
    }
    expect(grouped.invalid[0]!.error.message).toContain('file name "notes.txt" is not a DMS data file');
    expect(grouped.unmapped).toEqual([]);
  });

  it('returns empty groups for an empty batch', () => {
    expect(groupByTable([], mappings)).toEqual({ tables: [], unmapped: [], invalid: [] });
  });
});
