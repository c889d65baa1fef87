import { ChangeOp, type ColumnSpec, type ColumnValue } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import {
  CHANGE_RECORD_VERSION,
  type ChangeRecord,
  ChangeRecordError,
  decodeChangeRecord,
  encodeChangeRecord,
  partitionKey,
} from '../src/index.js';

const columns: ColumnSpec[] = [
  { name: 'brand_id', type: { kind: 'string' } },
  { name: 'id', type: { kind: 'int', bits: 64, signed: false } },
  { name: 'status', type: { kind: 'string' } },
  { name: 'total', type: { kind: 'decimal', precision: 38, scale: 4 } },
];

function change(values: ColumnValue[], overrides: Partial<ChangeRecord> = {}): ChangeRecord {
  return {
    version: CHANGE_RECORD_VERSION,
    source: 'brand-a',
    tableId: 'brand-a:shop.orders',
    fileKey: 'dms/brand-a/shop/orders/20261123-000102345.parquet',
    op: ChangeOp.Insert,
    position: `1${'0'.repeat(65)}`,
    keyColumns: ['brand_id', 'id'],
    columns,
    values,
    ...overrides,
  };
}

describe('partitionKey', () => {
  const key = partitionKey(change(['brand-a', 18446744073709551615n, 'paid', '12.3400']));

  it('is a SHA-256 hex digest, within Kinesis’s 256 characters', () => {
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is stable across releases: changing it would split a row’s changes over two shards mid-stream', () => {
    // sha256 of ["brand-a","brand-a:shop.orders","brand-a","18446744073709551615"]
    expect(key).toBe('306a3f7a77206427dca1c9b1cd057ee229195b966317caf6f99f1d7898357b3e');
  });

  it('is the same for every change of one row, whatever its other values, op, position or file', () => {
    const later = change(['brand-a', 18446744073709551615n, '환불 요청', null], {
      op: ChangeOp.Delete,
      position: `1${'9'.repeat(65)}`,
      fileKey: 'dms/brand-a/shop/orders/20261123-000500000.parquet',
    });
    expect(partitionKey(later)).toBe(key);
    expect(partitionKey(decodeChangeRecord(encodeChangeRecord(later)))).toBe(key);
  });

  it('differs for another key value, another source or another table', () => {
    const keys = [
      key,
      partitionKey(change(['brand-a', 18446744073709551614n, 'paid', '12.3400'])),
      partitionKey(change(['brand-b', 18446744073709551615n, 'paid', '12.3400'])),
      partitionKey(change(['brand-a', 18446744073709551615n, 'paid', '12.3400'], { source: 'brand-b' })),
      partitionKey(
        change(['brand-a', 18446744073709551615n, 'paid', '12.3400'], { tableId: 'brand-a:shop.order_items' }),
      ),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps composite key parts apart: no separator inside a value can make two keys collide', () => {
    const text: ColumnSpec[] = [
      { name: 'a', type: { kind: 'string' } },
      { name: 'b', type: { kind: 'string' } },
    ];
    const of = (a: string, b: string) => partitionKey(change([a, b], { columns: text, keyColumns: ['a', 'b'] }));
    expect(of('x","y', 'z')).not.toBe(of('x', 'y","z'));
    expect(of('x:y', 'z')).not.toBe(of('x', 'y:z'));
    expect(of('x|', 'y')).not.toBe(of('x', '|y'));
  });

  it('refuses a key column the record does not have', () => {
    const bad = change(['brand-a', 1n, 'paid', '1.0000'], { keyColumns: ['nope'] });
    expect(() => partitionKey(bad)).toThrow(ChangeRecordError);
    expect(() => partitionKey(bad)).toThrow('key column "nope" is not a column');
  });
});
