import { DmsFileError } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { parseDmsKey } from '../src/index.js';

const brandA = { source: 'brand-a', prefix: 'dms/brand-a/' };

describe('parseDmsKey: full-load files (FACTS.md §1 layout)', () => {
  it.each([
    // key, segment, counter, ordinal
    ['dms/brand-a/shop/orders/LOAD00000001.parquet', 0, 1, '000000000000000001'],
    ['dms/brand-a/shop/orders/LOAD00000009.parquet', 0, 9, '000000000000000009'],
    ['dms/brand-a/shop/orders/LOAD0000000A.parquet', 0, 10, '000000000000000010'],
    ['dms/brand-a/shop/orders/LOAD0000000F.parquet', 0, 15, '000000000000000015'],
    ['dms/brand-a/shop/orders/LOAD00000010.parquet', 0, 16, '000000000000000016'],
    ['dms/brand-a/shop/orders/LOAD000000FF.parquet', 0, 255, '000000000000000255'],
    ['dms/brand-a/shop/orders/LOADFFFFFFFF.parquet', 0, 4294967295, '000000004294967295'],
    ['dms/brand-a/shop/orders/SEGMENT2_LOAD0000000A.parquet', 2, 10, '000200000000000010'],
    ['dms/brand-a/shop/orders/SEGMENT12_LOAD00000001.parquet', 12, 1, '001200000000000001'],
  ])('%s → segment %i, counter %i', (key, segment, loadCounter, ordinal) => {
    const file = parseDmsKey(key, brandA);
    expect(file).toEqual({
      key,
      source: 'brand-a',
      table: { schema: 'shop', table: 'orders' },
      kind: 'full-load',
      format: 'parquet',
      gzip: false,
      fileName: key.split('/').at(-1),
      ordinal,
      segment,
      loadCounter,
    });
    expect(file.ordinal).toHaveLength(18);
  });

  it('orders hexadecimal LOAD counters numerically through the ordinal (LOAD0000000A after LOAD00000009)', () => {
    const names = ['LOAD00000010', 'LOAD0000000A', 'LOAD00000009', 'LOAD0000000F', 'LOAD00000001'];
    const sorted = names
      .map((n) => parseDmsKey(`dms/brand-a/s/t/${n}.parquet`, brandA))
      .sort((a, b) => (a.ordinal < b.ordinal ? -1 : 1))
      .map((f) => f.fileName.slice(0, 12));
    expect(sorted).toEqual(['LOAD00000001', 'LOAD00000009', 'LOAD0000000A', 'LOAD0000000F', 'LOAD00000010']);
  });

  it('keeps the partition folder of a partitioned full load', () => {
    const file = parseDmsKey('dms/brand-a/shop/orders/p_2022_q1/LOAD00000002.parquet', brandA);
    expect(file.partition).toBe('p_2022_q1');
    expect(file.kind).toBe('full-load');
    expect(file.table).toEqual({ schema: 'shop', table: 'orders' });
  });

  it('recognises csv and .gz', () => {
    const csv = parseDmsKey('dms/brand-a/shop/orders/LOAD00000001.csv', brandA);
    expect([csv.format, csv.gzip]).toEqual(['csv', false]);
    const csvGz = parseDmsKey('dms/brand-a/shop/orders/LOAD00000001.csv.gz', brandA);
    expect([csvGz.format, csvGz.gzip]).toEqual(['csv', true]);
    const parquetGz = parseDmsKey('dms/brand-a/shop/orders/20221023-013830913.parquet.gz', brandA);
    expect([parquetGz.format, parquetGz.gzip, parquetGz.kind]).toEqual(['parquet', true, 'cdc']);
  });

  it('accepts an empty prefix and a prefix without a trailing slash', () => {
    expect(parseDmsKey('shop/orders/LOAD00000001.parquet', { source: 's', prefix: '' }).table).toEqual({
      schema: 'shop',
      table: 'orders',
    });
    expect(
      parseDmsKey('dms/brand-a/shop/orders/LOAD00000001.parquet', { source: 's', prefix: 'dms/brand-a' }).table,
    ).toEqual({ schema: 'shop', table: 'orders' });
  });
});

describe('parseDmsKey: CDC files', () => {
  it.each([
    ['20221023-013830913.parquet', '2022-10-23T01:38:30.913Z', '202210230138309130'],
    ['20221023-0138309137.parquet', '2022-10-23T01:38:30.913Z', '202210230138309137'],
    ['20240229-235959999.csv.gz', '2024-02-29T23:59:59.999Z', '202402292359599990'],
    ['19991231-000000000.parquet', '1999-12-31T00:00:00.000Z', '199912310000000000'],
  ])('%s → %s', (name, fileTime, ordinal) => {
    const file = parseDmsKey(`dms/brand-a/shop/orders/${name}`, brandA);
    expect(file.kind).toBe('cdc');
    expect(file.fileTime).toBe(fileTime);
    expect(file.ordinal).toBe(ordinal);
    expect(file.segment).toBeUndefined();
    expect(file.loadCounter).toBeUndefined();
  });

  it('orders a 10-digit name just after the 9-digit name of the same millisecond', () => {
    const nine = parseDmsKey('dms/brand-a/s/t/20221023-013830913.parquet', brandA);
    const ten = parseDmsKey('dms/brand-a/s/t/20221023-0138309131.parquet', brandA);
    const next = parseDmsKey('dms/brand-a/s/t/20221023-013830914.parquet', brandA);
    expect(nine.ordinal < ten.ordinal && ten.ordinal < next.ordinal).toBe(true);
  });

  it.each([
    '2022/10/23',
    '2022/10/23/13',
    '2022-10-23',
    '2022-10-23-13',
    '2022-10-23/13',
    '2022_10_23',
    '20221023',
    '2022102313',
    '202210',
    '2022/10',
    '10/2022/23',
    '10-2022-23',
    '23/10/2022',
    '23_10_2022',
    '23102022',
  ])('accepts the date-partition folders %s/', (folders) => {
    const file = parseDmsKey(`dms/brand-a/shop/orders/${folders}/20221023-013830913.parquet`, brandA);
    expect(file.table).toEqual({ schema: 'shop', table: 'orders' });
    expect(file.kind).toBe('cdc');
    expect(file.ordinal).toBe('202210230138309130');
  });
});

describe('parseDmsKey: keys that are not a DMS layout throw DmsFileError naming the key', () => {
  it.each([
    ['other/brand-a/shop/orders/LOAD00000001.parquet', /not under the mapping prefix "dms\/brand-a\/"/],
    ['dms/brand-abc/shop/orders/LOAD00000001.parquet', /not under the mapping prefix/],
    ['dms/brand-a/orders/LOAD00000001.parquet', /expected dms\/brand-a\/<schema>\/<table>\/.*got 2 path segment/],
    ['dms/brand-a/LOAD00000001.parquet', /got 1 path segment/],
    ['dms/brand-a/shop//orders/LOAD00000001.parquet', /empty path segment/],
    ['dms/brand-a/shop/orders/', /empty path segment/],
    ['dms/brand-a/shop/../orders/LOAD00000001.parquet', /"\." or "\.\." path segment/],
    ['dms/brand-a/shop/orders/./LOAD00000001.parquet', /"\." or "\.\." path segment/],
    ['dms/brand-a/shop/orders/LOAD0000001.parquet', /is not a DMS data file: expected \[SEGMENTn_\]LOAD<8 hex digits>/],
    ['dms/brand-a/shop/orders/LOAD0000000G.parquet', /is not a DMS data file/],
    ['dms/brand-a/shop/orders/LOAD00000001.json', /is not a DMS data file/],
    ['dms/brand-a/shop/orders/LOAD00000001.parquet.zip', /is not a DMS data file/],
    ['dms/brand-a/shop/orders/SEGMENT_LOAD00000001.parquet', /is not a DMS data file/],
    ['dms/brand-a/shop/orders/20221023-01383091.parquet', /is not a DMS data file/],
    ['dms/brand-a/shop/orders/20221023-01383091377.parquet', /is not a DMS data file/],
    ['dms/brand-a/shop/orders/CDC_TXN-20221023-013830913.csv', /is not a DMS data file/],
    ['dms/brand-a/shop/orders/_SUCCESS', /is not a DMS data file/],
    ['dms/brand-a/shop/orders/20221323-013830913.parquet', /does not hold a valid yyyyMMdd-HHmmssSSS time/],
    ['dms/brand-a/shop/orders/20220230-013830913.parquet', /does not hold a valid/],
    ['dms/brand-a/shop/orders/20221023-253830913.parquet', /does not hold a valid/],
    ['dms/brand-a/shop/orders/20221023-016030913.parquet', /does not hold a valid/],
    ['dms/brand-a/shop/orders/2022/13/23/20221023-013830913.parquet', /date-partition folders/],
    ['dms/brand-a/shop/orders/2022/02/30/20221023-013830913.parquet', /date-partition folders/],
    ['dms/brand-a/shop/orders/2022/10/23/24/20221023-013830913.parquet', /date-partition folders/],
    ['dms/brand-a/shop/orders/archive/20221023-013830913.parquet', /date-partition folders.*found "archive\/"/],
    [
      'dms/brand-a/shop/orders/2022/10/LOAD00000001.parquet',
      /full-load file sits directly in <table>\/ or in one <partition>\/ folder, found 2/,
    ],
  ])('%s', (key, reason) => {
    let error: unknown;
    try {
      parseDmsKey(key, brandA);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DmsFileError);
    const e = error as DmsFileError;
    expect(e.fileKey).toBe(key);
    expect(e.message.startsWith(`${key}: `)).toBe(true);
    expect(e.message).toMatch(reason);
    expect(e.retryable).toBe(false);
  });
});
