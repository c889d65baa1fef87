import { createHash, randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { ChangeOp, type ColumnSpec, type ColumnValue, canonicalText } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import {
  CHANGE_RECORD_VERSION,
  type ChangeRecord,
  ChangeRecordError,
  decodeStreamRecord,
  encodeChangeRecord,
  KINESIS_LIMITS,
  packChangeRecords,
  partitionKey,
  putStreamRecords,
  recordsFromChanges,
  type StreamEntry,
} from '../src/index.js';
import { columns as edgeColumns, values as edgeValues, int } from './columnEdges.js';
import { workloadChanges } from './workloadChanges.js';

const position = (n: number) => `1${String(n).padStart(65, '0')}`;
const FILE = 'dms/brand-a/shop/orders/20261123-000102345.parquet';

function row(id: number, n: number, extra: ColumnValue = null, columns = COLUMNS): ChangeRecord {
  return {
    version: CHANGE_RECORD_VERSION,
    source: 'brand-a',
    tableId: 'brand-a:shop.orders',
    fileKey: FILE,
    op: n % 3 === 0 ? ChangeOp.Insert : n % 3 === 1 ? ChangeOp.Update : ChangeOp.Delete,
    position: position(n),
    keyColumns: KEY,
    columns,
    values: [BigInt(id), extra],
  };
}
const KEY = ['id'];
const COLUMNS: ColumnSpec[] = [
  { name: 'id', type: int(64, false) },
  { name: 'note', type: { kind: 'bytes' } },
];

/** Comparable text of a record: every field, values through canonicalText with their JS type. */
function text(record: ChangeRecord): string {
  return JSON.stringify([
    record.source,
    record.tableId,
    record.fileKey,
    record.op,
    record.position,
    record.keyColumns,
    record.columns.map((c) => [c.name, c.type]),
    record.values.map((v, i) => [typeof v, canonicalText(record.columns[i]!.type, v)]),
  ]);
}

const bucketOf = (record: ChangeRecord, buckets = 64) =>
  Number.parseInt(partitionKey(record).slice(0, 8), 16) % buckets;
const tableHash = (source: string, tableId: string) =>
  createHash('sha256')
    .update(JSON.stringify([source, tableId]))
    .digest('hex')
    .slice(0, 16);

describe('packed change records (codec version 2): round trip', () => {
  it('round-trips every column type with its edge values and NULL, exactly, over several rows', () => {
    const records: ChangeRecord[] = [ChangeOp.Insert, ChangeOp.Update, ChangeOp.Delete].map((op, n) => ({
      version: CHANGE_RECORD_VERSION,
      source: 'brand-a',
      tableId: 'brand-a:shop.orders',
      fileKey: FILE,
      op,
      position: position(n),
      keyColumns: ['c0_0', 'c8_1'],
      columns: edgeColumns,
      values: edgeValues,
    }));
    const entries = packChangeRecords(records);
    expect(entries).toHaveLength(1); // one row key → one bucket → one record
    expect(entries[0]!.data[0]).toBe(2);
    const decoded = decodeStreamRecord(entries[0]!.data, 'seq-1');
    expect(decoded.map((r) => [r.op, r.position])).toEqual(records.map((r) => [r.op, r.position]));
    for (const record of decoded) {
      expect(record.columns).toEqual(edgeColumns);
      record.values.forEach((value, i) => {
        const want = edgeValues[i]!;
        if (want instanceof Uint8Array) {
          expect(Buffer.from(value as Uint8Array).toString('hex')).toBe(Buffer.from(want).toString('hex'));
        } else {
          expect(Object.is(value, want), `${edgeColumns[i]!.name}: ${String(value)} vs ${String(want)}`).toBe(true);
        }
      });
    }
    // Rows of one record share the column arrays, as records of one batch do.
    expect(decoded[1]!.columns).toBe(decoded[0]!.columns);
  });

  it('round-trips every table of a testkit workload, keeping each row on one key and in file order', async () => {
    let rows = 0;
    let entryCount = 0;
    for (const table of ['shop.customers', 'shop.orders', 'shop.order_items']) {
      const records: ChangeRecord[] = [];
      for await (const { fileKey, mapping, changes } of workloadChanges({ seed: 11, rows: 600 }, table)) {
        records.push(...recordsFromChanges(changes, { source: mapping.source, tableId: mapping.id, fileKey }));
      }
      // All files of all sources at once: packing must group them apart.
      const entries = packChangeRecords(records);
      entryCount += entries.length;
      const decoded: ChangeRecord[] = [];
      for (const entry of entries) {
        const inEntry = decodeStreamRecord(entry.data);
        const [first] = inEntry;
        for (const record of inEntry) {
          expect([record.source, record.tableId, record.fileKey, record.columns]).toEqual([
            first!.source,
            first!.tableId,
            first!.fileKey,
            first!.columns,
          ]);
          expect(entry.partitionKey).toBe(`${tableHash(record.source, record.tableId)}-${bucketOf(record)}`);
        }
        expect(entry.label).toContain(first!.fileKey);
        decoded.push(...inEntry);
      }
      expect(decoded.map(text).sort()).toEqual(records.map(text).sort());
      // Per partition key (so per shard), rows come out in the order they went in.
      const order = (list: ChangeRecord[]) => {
        const byKey = new Map<string, string[]>();
        for (const r of list) {
          const key = `${tableHash(r.source, r.tableId)}-${bucketOf(r)}`;
          byKey.set(key, [...(byKey.get(key) ?? []), `${r.fileKey} ${r.position}`]);
        }
        return [...byKey.entries()].sort();
      };
      expect(order(decoded)).toEqual(order(records));
      rows += records.length;
    }
    expect(rows).toBeGreaterThan(500);
    // Small CDC files spread over 64 buckets pack few rows per record; the bench measures what that saves.
    expect(entryCount).toBeLessThan(rows);
  });

  it('bills several-fold fewer 1 KB units than one version-1 record per row', async () => {
    const records: ChangeRecord[] = [];
    for await (const { fileKey, mapping, changes } of workloadChanges(
      { seed: 3, rows: 3000, sources: ['brand-a'] },
      'shop.orders',
    )) {
      records.push(...recordsFromChanges(changes, { source: mapping.source, tableId: mapping.id, fileKey }));
    }
    const units = (entries: { data: Uint8Array; partitionKey: string }[]) =>
      entries.reduce((sum, e) => sum + Math.ceil((e.data.length + e.partitionKey.length) / 1024), 0);
    const v1 = units(records.map((r) => ({ data: encodeChangeRecord(r), partitionKey: partitionKey(r) })));
    const v2 = units(packChangeRecords(records));
    expect(v2 * 3).toBeLessThan(v1);
  });
});

describe('packChangeRecords: grouping and sizes', () => {
  it('gives every change of one row the same partition key, whatever file it is in', () => {
    const other = 'dms/brand-a/shop/orders/20261123-000202345.parquet';
    const first = packChangeRecords([row(7, 1)]);
    const second = packChangeRecords([{ ...row(7, 2), fileKey: other }, row(8, 3)]);
    expect(second.find((e) => decodeStreamRecord(e.data)[0]!.values[0] === 7n)!.partitionKey).toBe(
      first[0]!.partitionKey,
    );
  });

  it('keeps files, tables and column sets apart, and splits at maxRows in file order', () => {
    const wider: ColumnSpec[] = [...COLUMNS, { name: 'extra', type: { kind: 'string' } }];
    const records = [
      ...Array.from({ length: 25 }, (_, i) => row(i, i)),
      { ...row(100, 100), fileKey: 'dms/brand-a/shop/orders/20261123-000202345.parquet' },
      { ...row(101, 101), tableId: 'brand-a:shop.customers' },
      { ...row(102, 102, null, wider), values: [102n, null, 'x'] },
    ];
    const entries = packChangeRecords(records, { buckets: 1, maxRows: 10 });
    const decoded = entries.map((e) => decodeStreamRecord(e.data).map((r) => r.position));
    expect(decoded).toEqual([
      records.slice(0, 10).map((r) => r.position),
      records.slice(10, 20).map((r) => r.position),
      records.slice(20, 25).map((r) => r.position),
      [position(100)],
      [position(101)],
      [position(102)],
    ]);
    // One table, one bucket: one key; another table, another key.
    expect(new Set(entries.map((e) => e.partitionKey))).toEqual(
      new Set([
        `${tableHash('brand-a', 'brand-a:shop.orders')}-0`,
        `${tableHash('brand-a', 'brand-a:shop.customers')}-0`,
      ]),
    );
  });

  it('cuts records at maxRecordBytes of JSON before compression', () => {
    const records = Array.from({ length: 20 }, (_, i) => row(i, i, new Uint8Array(3000)));
    const entries = packChangeRecords(records, { buckets: 1, maxRecordBytes: 10_000 });
    // Each row is ~4 KB of JSON (base64 of 3,000 bytes): two fit under 10,000 bytes with the header, three do not.
    expect(entries.map((e) => decodeStreamRecord(e.data).length)).toEqual(Array(10).fill(2));
  });

  it('puts a row too large for Kinesis alone in its own entry, which the producer reports tooLarge', async () => {
    const huge = new Uint8Array(randomBytes(KINESIS_LIMITS.maxRecordBytes + 100_000)); // incompressible
    const records = [row(1, 1), row(2, 2, huge), row(3, 3)];
    const entries = packChangeRecords(records, { buckets: 1 });
    expect(entries.map((e) => decodeStreamRecord(e.data).map((r) => r.position))).toEqual([
      [position(1)],
      [position(2)],
      [position(3)],
    ]);
    const sent: string[] = [];
    const result = await putStreamRecords(
      async (input) => {
        sent.push(...input.Records!.map((r) => r.PartitionKey!));
        return { $metadata: {}, FailedRecordCount: 0, Records: input.Records!.map(() => ({ SequenceNumber: '1' })) };
      },
      'ferry-changes',
      entries,
    );
    expect(result.records).toBe(2);
    expect(result.tooLarge).toHaveLength(1);
    expect(result.tooLarge[0]!.label).toBe(`${FILE} (brand-a:shop.orders, bucket 0) row at ${position(2)}`);
    expect(result.tooLarge[0]!.bytes).toBeGreaterThan(KINESIS_LIMITS.maxRecordBytes);
  });

  it('refuses a value that does not follow its column type, naming table, position and column', () => {
    expect(() => packChangeRecords([row(1, 1, 'not bytes')])).toThrow(
      `change record brand-a:shop.orders at ${position(1)}: column "note": a string cannot be a bytes`,
    );
  });
});

const v2 = (json: unknown) =>
  new Uint8Array([2, ...deflateRawSync(Buffer.from(typeof json === 'string' ? json : JSON.stringify(json)))]);
const good = () => ({
  s: 'brand-a',
  t: 'brand-a:shop.orders',
  f: 'k.parquet',
  k: ['id'],
  c: [['id', 'u64']],
  r: [
    ['I', position(1), '1'],
    ['U', position(2), '1'],
  ],
});

function decodeError(data: Uint8Array): string {
  try {
    decodeStreamRecord(data, '4959033827149025660855969253836157109592157598');
  } catch (error) {
    expect(error).toBeInstanceOf(ChangeRecordError);
    expect((error as ChangeRecordError).retryable).toBe(false);
    expect((error as Error).message).toMatch(/^change record 4959033827149025660855969253836157109592157598: /);
    return (error as Error).message;
  }
  throw new Error('expected ChangeRecordError');
}

describe('decodeStreamRecord: versions and bad bytes', () => {
  it('reads a version-1 record as one row and the baseline version-2 body as its rows', () => {
    expect(decodeStreamRecord(encodeChangeRecord(row(5, 5))).map(text)).toEqual([text(row(5, 5))]);
    expect(decodeStreamRecord(v2(good())).map((r) => [r.op, r.values])).toEqual([
      ['I', [1n]],
      ['U', [1n]],
    ]);
  });

  const packed = packChangeRecords([row(1, 1), row(1, 2)])[0]!.data;
  it.each([
    ['an unknown version', new Uint8Array([3, 0]), 'unknown codec version 3 (0x03)'],
    ['an empty record', new Uint8Array(), 'empty record'],
    ['truncated deflate data', packed.subarray(0, packed.length - 6), 'truncated or corrupt?'],
    ['only the version byte', new Uint8Array([2]), 'truncated or corrupt?'],
    ['corrupt deflate data', new Uint8Array([2, 0xff, 0xff, 0xff, 0xff]), 'truncated or corrupt?'],
    ['deflated text that is not JSON', v2('{"s":'), 'not deflated UTF-8 JSON'],
    ['a JSON array', v2([1]), 'body is not a JSON object'],
    ['no rows', v2({ ...good(), r: [] }), '"r" (rows) must be a non-empty array'],
    ['a row not an array', v2({ ...good(), r: [{}] }), 'row 0: must be [op, position, value, …]'],
    ['a bad op', v2({ ...good(), r: [['X', position(1), '1']] }), `row 0 (at ${position(1)}): "o" (op)`],
    ['a short position', v2({ ...good(), r: [['I', '12', '1']] }), 'row 0 (at 12): "p" (position) must be 66 digits'],
    [
      'a row with too many values',
      v2({ ...good(), r: [good().r[0], ['U', position(2), '1', '2']] }),
      `row 1 (at ${position(2)}): "v" (values) must be an array of 1 values`,
    ],
    [
      'a value out of range',
      v2({ ...good(), r: [['I', position(1), '-1']] }),
      `row 0 (at ${position(1)}): column "id": -1 is out of range for uint64`,
    ],
    ['an unknown type tag', v2({ ...good(), c: [['id', 'u128']] }), 'column "id" has an unknown type tag "u128"'],
    ['no key columns', v2({ ...good(), k: [] }), '"k" (key columns) must name one or more'],
  ])('%s', (_what, data, reason) => {
    expect(decodeError(data)).toContain(reason);
  });

  it('refuses a record that inflates past the limit instead of exhausting memory', () => {
    const bomb = new Uint8Array([2, ...deflateRawSync(Buffer.alloc(65 * 1024 * 1024, 0x20))]);
    expect(bomb.length).toBeLessThan(KINESIS_LIMITS.maxRecordBytes);
    expect(decodeError(bomb)).toContain('inflates past');
  });
});

// A StreamEntry is what the producer takes: packChangeRecords hands it over unchanged.
const _typed: StreamEntry[] = packChangeRecords([]);
void _typed;
