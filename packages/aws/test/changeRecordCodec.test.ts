import { ChangeOp, type ColumnSpec, type ColumnType, type ColumnValue } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import {
  CHANGE_RECORD_VERSION,
  type ChangeRecord,
  ChangeRecordError,
  decodeChangeRecord,
  encodeChangeRecord,
} from '../src/index.js';
import { bytes, columns, int, ts, values } from './columnEdges.js';

const POSITION = `1${'0'.repeat(33)}42202611230001023450000000000007`;

function record(columns: ColumnSpec[], values: ColumnValue[], keyColumns = [columns[0]!.name]): ChangeRecord {
  return {
    version: CHANGE_RECORD_VERSION,
    source: 'brand-a',
    tableId: 'brand-a:shop.orders',
    fileKey: 'dms/brand-a/shop/orders/20261123-000102345.parquet',
    op: ChangeOp.Update,
    position: POSITION,
    keyColumns,
    columns,
    values,
  };
}

describe('change record codec: round trip', () => {
  it('round-trips every column type with its edge values and NULL, exactly', () => {
    const original = record(columns, values, ['c0_0', 'c8_1']);
    const decoded = decodeChangeRecord(encodeChangeRecord(original), 'seq-1');
    expect(decoded).toEqual({ ...original, values: expect.any(Array) });
    expect(decoded.columns).toEqual(columns);
    decoded.values.forEach((value, i) => {
      const want = values[i]!;
      if (want instanceof Uint8Array) {
        expect(value).toBeInstanceOf(Uint8Array);
        expect(Buffer.from(value as Uint8Array).toString('hex')).toBe(Buffer.from(want).toString('hex'));
      } else {
        // Object.is tells -0 from 0 and NaN from NaN's absence; typeof keeps bigint from number.
        expect(Object.is(value, want), `${columns[i]!.name}: ${String(value)} vs ${String(want)}`).toBe(true);
      }
    });
  });

  it('round-trips every op and a one-column key', () => {
    for (const op of Object.values(ChangeOp)) {
      const original = { ...record([{ name: 'id', type: int(64, false) }], [18446744073709551615n]), op };
      expect(decodeChangeRecord(encodeChangeRecord(original))).toEqual(original);
    }
  });

  it('writes the documented version-1 format: the version byte, then UTF-8 JSON', () => {
    const encoded = encodeChangeRecord(
      record(
        [
          { name: 'id', type: int(64, false) },
          { name: 'total', type: { kind: 'decimal', precision: 38, scale: 4 } },
          { name: 'note', type: { kind: 'string' } },
          { name: 'sig', type: { kind: 'bytes' } },
          { name: 'paid_at', type: ts(6, true) },
          { name: 'w', type: { kind: 'float', bits: 64 } },
        ],
        [18446744073709551615n, '-12.3400', '주문', bytes(0, 255), -1n, Number.NaN],
      ),
    );
    expect(encoded).toBeInstanceOf(Uint8Array);
    expect(encoded[0]).toBe(1);
    expect(Buffer.from(encoded.subarray(1)).toString('utf8')).toBe(
      `{"s":"brand-a","t":"brand-a:shop.orders","f":"dms/brand-a/shop/orders/20261123-000102345.parquet","o":"U",` +
        `"p":"${POSITION}","k":["id"],"c":[["id","u64"],["total","dec(38,4)"],["note","str"],["sig","bytes"],` +
        `["paid_at","tsz(6)"],["w","f64"]],"v":["18446744073709551615","-12.3400","주문","AP8=","-1","NaN"]}`,
    );
  });
});

function decodeError(bytesIn: Uint8Array): ChangeRecordError {
  try {
    decodeChangeRecord(bytesIn, '49590338271490256608559692538361571095921575989136588898');
  } catch (error) {
    expect(error).toBeInstanceOf(ChangeRecordError);
    const e = error as ChangeRecordError;
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(/^change record 49590338271490256608559692538361571095921575989136588898: /);
    return e;
  }
  throw new Error('expected ChangeRecordError');
}

const v1 = (json: unknown) => new Uint8Array([1, ...Buffer.from(JSON.stringify(json))]);
const good = () => ({
  s: 'brand-a',
  t: 'brand-a:shop.orders',
  f: 'k.parquet',
  o: 'I',
  p: POSITION,
  k: ['id'],
  c: [['id', 'u64']],
  v: ['1'],
});

describe('change record codec: bad bytes are a terminal error naming the record', () => {
  it('accepts the baseline body these cases break', () => {
    expect(decodeChangeRecord(v1(good())).values).toEqual([1n]);
  });

  it.each([
    [
      'version 2',
      new Uint8Array([2, ...Buffer.from('{}')]),
      'unknown codec version 2 (0x02); this build reads version 1',
    ],
    ['version 0', new Uint8Array([0]), 'unknown codec version 0 (0x00)'],
    ['bare JSON, no version byte', Buffer.from(JSON.stringify(good())), 'unknown codec version 123 (0x7b)'],
    ['a KPL-aggregated record', new Uint8Array([0xf3, 0x89, 0x9a, 0xc2, 0]), 'KPL-aggregated record'],
    ['an empty record', new Uint8Array(), 'empty record'],
    [
      'truncated JSON',
      encodeChangeRecord(record([{ name: 'id', type: int(32, true) }], [1])).subarray(0, 40),
      'version 1 body is not UTF-8 JSON',
    ],
    ['invalid UTF-8', new Uint8Array([1, 0x22, 0xff, 0x22]), 'not UTF-8 JSON'],
    ['a JSON array', v1([1]), 'body is not a JSON object'],
  ])('%s', (_what, bad, reason) => {
    expect(decodeError(bad).message).toContain(reason);
  });

  it.each([
    ['missing source', { s: undefined }, '"s" (source) must be a non-empty string'],
    ['empty table id', { t: '' }, '"t" (table id) must be a non-empty string'],
    ['bad op', { o: 'X' }, '"o" (op) must be one of I, U, D, got "X"'],
    ['short position', { p: '123' }, '"p" (position) must be 66 digits'],
    ['columns not an array', { c: {} }, '"c" (columns) must be an array'],
    ['column not a pair', { c: [['id']] }, '"c"[0] must be [name, type tag]'],
    ['unknown type tag', { c: [['id', 'u128']] }, 'column "id" has an unknown type tag "u128"'],
    ['decimal scale above precision', { c: [['id', 'dec(2,3)']] }, 'unknown type tag "dec(2,3)"'],
    ['too few values', { v: [] }, '"v" (values) must be an array of 1 values'],
    ['uint64 below zero', { v: ['-1'] }, 'column "id": -1 is out of range for uint64'],
    ['uint64 above 2^64-1', { v: ['18446744073709551616'] }, 'out of range for uint64'],
    ['int64 as a JSON number', { c: [['id', 'i64']], v: [1] }, 'column "id": 1 is not a int64 value'],
    ['leading zeros', { v: ['01'] }, '"01" is not a uint64 value'],
    ['int8 out of range', { c: [['id', 'i8']], v: [128] }, '128 is out of range for int8'],
    ['int32 fraction', { c: [['id', 'i32']], v: [1.5] }, '1.5 is out of range for int32'],
    ['decimal with the wrong scale', { c: [['id', 'dec(38,4)']], v: ['1.5'] }, '"1.5" is not a decimal(38,4) value'],
    ['decimal as a number', { c: [['id', 'dec(38,4)']], v: [1.5] }, '1.5 is not a decimal(38,4) value'],
    ['bytes not base64', { c: [['id', 'bytes']], v: ['AP8'] }, '"AP8" is not a bytes value'],
    ['float32 not representable', { c: [['id', 'f32']], v: [0.1] }, '0.1 is not a float32 value'],
    ['unknown float word', { c: [['id', 'f64']], v: ['nan'] }, '"nan" is not a float64 value'],
    ['timestamp as a number', { c: [['id', 'tsz(6)']], v: [0] }, '0 is not a timestamp(6) utc value'],
    ['date with a fraction', { c: [['id', 'date']], v: [1.5] }, '1.5 is not a date value'],
    ['boolean as a number', { c: [['id', 'bool']], v: [1] }, '1 is not a boolean value'],
    ['no key columns', { k: [] }, '"k" (key columns) must name one or more'],
    ['key column not a column', { k: ['nope'] }, 'got ["nope"]'],
  ])('%s', (_what, change, reason) => {
    expect(decodeError(v1({ ...good(), ...change })).message).toContain(reason);
  });
});

describe('change record codec: a row that does not follow core types is refused at encode', () => {
  it.each([
    ['a number in a 64-bit column', int(64, false), 1, 'a number cannot be a uint64'],
    ['a bigint past uint64', int(64, false), 2n ** 64n, '18446744073709551616 is out of range for uint64'],
    ['a negative uint32', int(32, false), -1, '-1 is out of range for uint32'],
    ['a float in a decimal', { kind: 'decimal', precision: 10, scale: 2 }, 1.5, 'a number cannot be a decimal(10,2)'],
    [
      'a decimal with the wrong scale',
      { kind: 'decimal', precision: 10, scale: 2 },
      '1.5',
      '"1.5" is not a canonical decimal(10,2)',
    ],
    ['a number timestamp', ts(6, true), 0, 'a number cannot be a timestamp(6) utc'],
    ['a string in bytes', { kind: 'bytes' }, 'AP8=', 'a string cannot be a bytes'],
    ['bytes in a string', { kind: 'string' }, bytes(1), 'a Uint8Array cannot be a string'],
    ['a fractional date', { kind: 'date' }, 1.5, 'a number cannot be a date'],
  ] as [string, ColumnType, ColumnValue, string][])('%s', (_what, type, value, reason) => {
    const bad = record(
      [
        { name: 'id', type: int(32, true) },
        { name: 'x', type },
      ],
      [1, value],
    );
    expect(() => encodeChangeRecord(bad)).toThrow(ChangeRecordError);
    expect(() => encodeChangeRecord(bad)).toThrow(
      `change record brand-a:shop.orders at ${POSITION}: column "x": ${reason}`,
    );
  });

  it('refuses values that do not match the columns one to one', () => {
    expect(() => encodeChangeRecord(record([{ name: 'id', type: int(32, true) }], [1, 2]))).toThrow(
      '2 values for 1 columns',
    );
  });
});
