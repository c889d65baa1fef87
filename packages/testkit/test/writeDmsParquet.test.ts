import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnValue } from '@ferry/core';
import { canonicalText } from '@ferry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DmsColumn, DmsType } from '../src/index.js';
import { DmsParquetWriter, encodeDmsParquet, mysqlDmsType as t, writeDmsParquet } from '../src/index.js';
import { openDuckDb, parquetMetadata, parquetSchema, readParquetText } from './duckdb.js';

const REAL_DMS_FILE = new URL('../../../../shared/fixtures/dms/real-postgres-LOAD00000001.parquet', import.meta.url)
  .pathname;

let conn: DuckDBConnection;
let root: string;

beforeAll(async () => {
  conn = await openDuckDb();
  root = await mkdtemp(join(tmpdir(), 'ferry-dms-parquet-'));
});
afterAll(async () => {
  conn.closeSync();
  await rm(root, { recursive: true, force: true });
});

const cases: [string, DmsType, ColumnValue[]][] = [
  ['u64', t.bigintUnsigned, [0n, 9007199254740993n, 9223372036854775808n, 18446744073709551615n, null]],
  ['i64', t.bigint, [-9223372036854775808n, 9223372036854775807n, -1n, null, 0n]],
  ['i32', t.int, [-2147483648, 2147483647, 0, null, 7]],
  ['i8', t.tinyintBoolean, [-128, 127, 1, 0, null]],
  ['year', t.year, [0, 1901, 2155, null, 2026]],
  ['money', t.decimal(38, 4), ['9999999999999999999999999999999999.9999', '-0.0001', '0.0000', null, '-12.3400']],
  [
    'rate',
    t.decimal(38, 10),
    ['-9999999999999999999999999999.9999999999', '0.0000000001', '1.0000000000', null, '0.0000000000'],
  ],
  ['small', t.decimal(15, 2), ['-9999999999999.99', '0.01', null, '12.00', '0.00']],
  ['dt', t.datetime, [-30610224000000000n, 253402300799999999n, 0n, null, 1_764_000_000_123_456n]],
  ['ts', t.timestamp, [1_000_000n, 2147483647999999n, null, 1_764_000_000_000_001n, 1_764_000_000_000_000n]],
  ['d', t.date, [-354285, 2932896, 0, null, -1]],
  ['bit', t.bit1, [true, false, null, true, false]],
  ['dbl', t.double, [1.7976931348623157e308, -0.5, 5e-324, null, 0.1]],
  ['txt', t.text, ['김민준 🍜', '', 'e\u0301 👩‍👩‍👧', null, "'); DROP TABLE x; --"]],
  ['js', t.json, ['{"a": [1, {"b": "서울"}]}', '{}', null, '[]', 'null']],
  ['blob', t.blob, [Uint8Array.of(0, 1, 0, 255), new Uint8Array(0), null, Uint8Array.of(0), Uint8Array.of(0x5c)]],
];

function expected(dms: DmsType, values: ColumnValue[]): (string | null)[] {
  return values.map((v) => (dms.element.converted_type === 'UTF8' ? (v as string | null) : canonicalText(dms.type, v)));
}

describe('writeDmsParquet', () => {
  it('writes every MySQL type as DMS does, and DuckDB reads back the exact values', async () => {
    const path = join(root, 'types', 'LOAD00000001.parquet');
    const columns: DmsColumn[] = [
      { name: 'DMS_TIMESTAMP', element: t.dmsTimestamp.element, values: Array(5).fill('2026-11-22 09:00:00.000000') },
      ...cases.map(([name, dms, values]) => ({ name, element: dms.element, values })),
    ];
    await writeDmsParquet(path, columns);
    const rows = await readParquetText(
      conn,
      path,
      cases.map(([name, dms]) => ({ name, element: dms.element, type: dms.type })),
    );
    for (const [name, dms, values] of cases)
      expect(
        rows.map((r) => r[name]),
        name,
      ).toEqual(expected(dms, values));
  });

  it('writes decimals the way the real DMS file does: FIXED_LEN_BYTE_ARRAY sized by precision', async () => {
    const real = new Map((await parquetSchema(conn, REAL_DMS_FILE)).map((s) => [s.name, s]));
    const mine = join(root, 'decimals.parquet');
    await writeDmsParquet(mine, [
      { name: 'DMS_TIMESTAMP', element: t.dmsTimestamp.element, values: ['2026-11-22 09:00:00.000000'] },
      { name: 'my_numeric', element: t.decimal(15, 2).element, values: ['1.00'] },
      { name: 'my_money', element: t.decimal(38, 4).element, values: ['1.0000'] },
    ]);
    const ours = new Map((await parquetSchema(conn, mine)).map((s) => [s.name, s]));
    for (const name of ['DMS_TIMESTAMP', 'my_numeric', 'my_money'])
      expect(ours.get(name), name).toEqual(real.get(name));
  });

  it('streams row groups through DmsParquetWriter.toFile', async () => {
    const path = join(root, 'stream.parquet');
    const writer = DmsParquetWriter.toFile(path, [{ name: 'id', element: t.bigintUnsigned.element }], {
      rowGroupSize: 3,
    });
    writer.write([[1n, 2n, 3n, 4n]]);
    writer.write([[5n]]);
    expect(writer.finish()).toBeUndefined();
    const meta = await parquetMetadata(conn, path);
    expect(meta.map((m) => m.row_group_num_rows)).toEqual([3n, 1n, 1n]);
    const rows = await readParquetText(conn, path, [{ name: 'id', ...t.bigintUnsigned }]);
    expect(rows.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('writes TIMESTAMP_MILLIS from microseconds for hand-made files', async () => {
    const element = { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' } as const;
    const path = join(root, 'millis.parquet');
    await writeDmsParquet(path, [{ name: 'at', element, values: [1_764_000_000_123_000n, null] }]);
    const type = { kind: 'timestamp', precision: 3, utc: true } as const;
    expect((await readParquetText(conn, path, [{ name: 'at', element, type }])).map((r) => r.at)).toEqual([
      '2025-11-24 16:00:00.123000Z',
      null,
    ]);
  });

  it.each<[string, () => unknown, RegExp]>([
    ['no columns', () => encodeDmsParquet([]), /at least one column/],
    [
      'a repeated column',
      () =>
        encodeDmsParquet([
          { name: 'a', element: t.int.element, values: [1] },
          { name: 'a', element: t.int.element, values: [2] },
        ]),
      /column a appears twice/,
    ],
    [
      'columns of different lengths',
      () =>
        encodeDmsParquet([
          { name: 'a', element: t.int.element, values: [1, 2] },
          { name: 'b', element: t.int.element, values: [1] },
        ]),
      /column b has 1 values, expected 2/,
    ],
    [
      'text that is no decimal',
      () => encodeDmsParquet([{ name: 'total', element: t.decimal(38, 4).element, values: ['1.0000', '1e5'] }]),
      /column total row 1: 1e5 is not decimal text/,
    ],
    [
      'a decimal with too many fraction digits',
      () => encodeDmsParquet([{ name: 'total', element: t.decimal(10, 2).element, values: ['1.234'] }]),
      /column total row 0: 1.234 is not decimal text with at most 2 fraction digits/,
    ],
    [
      'a float where a decimal belongs',
      () => encodeDmsParquet([{ name: 'total', element: t.decimal(10, 2).element, values: [1.5] }]),
      /column total row 0: 1.5 is not decimal text/,
    ],
    [
      'micros that are no whole millisecond',
      () =>
        encodeDmsParquet([
          { name: 'at', element: { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' }, values: [1_001n] },
        ]),
      /column at row 0: 1001 µs is not a whole millisecond/,
    ],
    [
      'a bad row group size',
      () => encodeDmsParquet([{ name: 'a', element: t.int.element, values: [1] }], { rowGroupSize: 0 }),
      /rowGroupSize must be a positive integer/,
    ],
    ['a decimal MySQL cannot have', () => t.decimal(39, 2), /decimal\(39,2\) is not a MySQL decimal/],
  ])('refuses %s with a clear error', (_, write, message) => {
    expect(write).toThrow(message);
  });
});
