import type { ColumnSpec, ColumnValue, Sink } from '@ferry/core';
import { canonicalText } from '@ferry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbWarehouse } from '../src/duckdb/DuckDbWarehouse.js';
import { fileOf, tableOf } from './support/changes.js';
import { dialects } from './support/dialects.js';
import { openOn } from './support/openOn.js';

const MICROS_PER_DAY = 86_400_000_000n;

/** Each column with the values to round-trip through DuckDB, NULL among them. */
const cases: readonly (ColumnSpec & { values: readonly ColumnValue[] })[] = [
  { name: 'flag', type: { kind: 'boolean' }, values: [true, false, null] },
  { name: 'i8', type: { kind: 'int', bits: 8, signed: true }, values: [-128, 127, null] },
  { name: 'u8', type: { kind: 'int', bits: 8, signed: false }, values: [0, 255, null] },
  { name: 'i16', type: { kind: 'int', bits: 16, signed: true }, values: [-32768, 32767, null] },
  { name: 'u16', type: { kind: 'int', bits: 16, signed: false }, values: [0, 65535, null] },
  { name: 'i32', type: { kind: 'int', bits: 32, signed: true }, values: [-2147483648, 2147483647, null] },
  { name: 'u32', type: { kind: 'int', bits: 32, signed: false }, values: [0, 4294967295, null] },
  {
    name: 'i64',
    type: { kind: 'int', bits: 64, signed: true },
    values: [-9223372036854775808n, 9223372036854775807n, null],
  },
  {
    name: 'u64',
    type: { kind: 'int', bits: 64, signed: false },
    values: [18446744073709551615n, 9223372036854775808n + 1n, null],
  },
  { name: 'f32', type: { kind: 'float', bits: 32 }, values: [1.5, -0.25, null] },
  { name: 'f64', type: { kind: 'float', bits: 64 }, values: [0.1, -1e300, null] },
  {
    name: 'dec38_10',
    type: { kind: 'decimal', precision: 38, scale: 10 },
    values: ['9999999999999999999999999999.9999999999', '-9999999999999999999999999999.9999999999', '0.0000000001'],
  },
  {
    name: 'money',
    type: { kind: 'decimal', precision: 38, scale: 4 },
    values: ['-9999999999999999999999999999999999.9999', '9999999999999999999999999999999999.9999', null],
  },
  { name: 'dec9_0', type: { kind: 'decimal', precision: 9, scale: 0 }, values: ['-999999999', '0', null] },
  { name: 'dec4_2', type: { kind: 'decimal', precision: 4, scale: 2 }, values: ['-99.99', '-0.50', null] },
  { name: 'text', type: { kind: 'string' }, values: ['한국어 텍스트 🚀👩‍👩‍👧', '', null] },
  // JSON text (MySQL JSON, PostgreSQL json/jsonb) stays text, byte for byte: not parsed, not re-spaced.
  { name: 'doc', type: { kind: 'string' }, values: ['{"b": [1, "둘"],  "a": null}', '[]', null] },
  // Unless the mapping lists it in columns.json (`jsonColumns` below): then the warehouse's JSON type holds it and
  // it reads back as the warehouse's JSON text, here already in the compact form every dialect prints.
  { name: 'json_doc', type: { kind: 'string' }, values: ['{"b":[1,"둘",1.5],"a":null}', '"text"', null] },
  { name: 'raw', type: { kind: 'bytes' }, values: [new Uint8Array([0, 1, 0, 255]), new Uint8Array([]), null] },
  { name: 'day', type: { kind: 'date' }, values: [-719162, 2932896, null] },
  { name: 'clock', type: { kind: 'time', precision: 6 }, values: [0n, MICROS_PER_DAY - 1n, null] },
  {
    name: 'instant',
    type: { kind: 'timestamp', precision: 6, utc: true },
    values: [1_700_000_000_123_456n, -1n, null],
  },
  {
    name: 'wall',
    type: { kind: 'timestamp', precision: 6, utc: false },
    values: [-2_208_988_800_000_001n, 253_402_300_799_999_999n, null],
  },
  { name: 'millis', type: { kind: 'timestamp', precision: 3, utc: false }, values: [1_000n, -86_400_000_000n, null] },
];

const key: ColumnSpec = { name: 'id', type: { kind: 'int', bits: 32, signed: true } };
const columns = [key, ...cases];

// On DuckDB itself, and through the Snowflake and BigQuery column types (translated onto DuckDB's): every value
// of every logical type fits the column its dialect chooses, and reads back unchanged.
describe.each(
  (['soft', 'hard'] as const).flatMap((deletes) =>
    Object.entries(dialects).map(([name, dialect]) => [deletes, name, dialect] as const),
  ),
)('every type round-trips exactly (%s deletes, %s)', (deletes, _, dialect) => {
  let warehouse: Sink;
  const table = { ...tableOf('types', deletes), jsonColumns: ['json_doc'] };
  const rowCount = cases[0]!.values.length;

  beforeAll(async () => {
    warehouse = await openOn(dialect);
    const changes = Array.from({ length: rowCount }, (_, r) => ({
      op: 'I' as const,
      at: r + 1,
      row: Object.fromEntries([['id', r], ...cases.map((c) => [c.name, c.values[r]!])]),
    }));
    await warehouse.applyFiles(table, [fileOf('LOAD00000001.parquet', columns, changes)]);
  });
  afterAll(async () => {
    await warehouse.close();
  });

  it('reads back every value as canonicalText of its type', async () => {
    const rows = await warehouse.readRows(table, columns);
    expect(rows).toEqual(
      Array.from({ length: rowCount }, (_, r) =>
        Object.fromEntries([['id', String(r)], ...cases.map((c) => [c.name, canonicalText(c.type, c.values[r]!)])]),
      ),
    );
  });

  it('spells out the extremes as expected', async () => {
    const [first] = await warehouse.readRows(table, columns);
    expect(first).toMatchObject({
      i64: '-9223372036854775808',
      u64: '18446744073709551615',
      dec38_10: '9999999999999999999999999999.9999999999',
      money: '-9999999999999999999999999999999999.9999',
      raw: '\\x000100ff',
      day: '0001-01-01',
      instant: '2023-11-14 22:13:20.123456Z',
      wall: '1899-12-31 23:59:59.999999',
      text: '한국어 텍스트 🚀👩‍👩‍👧',
      json_doc: '{"b":[1,"둘",1.5],"a":null}',
    });
  });

  it('holds columns.json columns in the JSON type and the rest of the text as text', async () => {
    const types = await warehouse.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = 'types' AND column_name IN ('doc', 'json_doc') ORDER BY column_name`,
    );
    expect(types.rows).toEqual([
      ['doc', 'VARCHAR'],
      ['json_doc', 'JSON'],
    ]);
  });
});

describe.each(['soft', 'hard'] as const)('DuckDB column types and ad-hoc queries (%s deletes)', (deletes) => {
  let warehouse: DuckDbWarehouse;
  const table = tableOf('types', deletes);
  const rowCount = cases[0]!.values.length;

  beforeAll(async () => {
    warehouse = await DuckDbWarehouse.open(':memory:');
    const changes = Array.from({ length: rowCount }, (_, r) => ({
      op: 'I' as const,
      at: r + 1,
      row: Object.fromEntries([['id', r], ...cases.map((c) => [c.name, c.values[r]!])]),
    }));
    await warehouse.applyFiles(table, [fileOf('LOAD00000001.parquet', columns, changes)]);
  });
  afterAll(async () => {
    await warehouse.close();
  });

  it('stores instants as TIMESTAMPTZ and wall-clock readings as TIMESTAMP, neither shifted', async () => {
    const result = await warehouse.query(
      `SELECT typeof(instant), typeof(wall), CAST(instant AS VARCHAR), CAST(wall AS VARCHAR) FROM raw.types WHERE id = 0`,
    );
    expect(result.rows).toEqual([
      ['TIMESTAMP WITH TIME ZONE', 'TIMESTAMP', '2023-11-14 22:13:20.123456+00', '1899-12-31 23:59:59.999999'],
    ]);
  });

  it('answers ad-hoc queries with exact strings and JS numbers only for small integers and floats', async () => {
    const result = await warehouse.query(
      'SELECT id, flag, i32, i64, u64, f64, dec38_10, raw, day, clock, instant, wall, text FROM raw.types ORDER BY id LIMIT 1',
    );
    expect(result.columns).toEqual([
      'id',
      'flag',
      'i32',
      'i64',
      'u64',
      'f64',
      'dec38_10',
      'raw',
      'day',
      'clock',
      'instant',
      'wall',
      'text',
    ]);
    expect(result.rows).toEqual([
      [
        0,
        true,
        -2147483648,
        '-9223372036854775808',
        '18446744073709551615',
        0.1,
        '9999999999999999999999999999.9999999999',
        '\\x000100ff',
        '0001-01-01',
        '00:00:00.000000',
        '2023-11-14 22:13:20.123456Z',
        '1899-12-31 23:59:59.999999',
        '한국어 텍스트 🚀👩‍👩‍👧',
      ],
    ]);
  });
});

it('quotes reserved and mixed-case column names (select, Order) everywhere', async () => {
  const warehouse = await DuckDbWarehouse.open(':memory:');
  try {
    const odd: ColumnSpec[] = [
      { name: 'Order', type: { kind: 'int', bits: 64, signed: true } },
      { name: 'select', type: { kind: 'string' } },
      { name: 'from', type: { kind: 'string' } },
    ];
    for (const deletes of ['soft', 'hard'] as const) {
      const table = {
        id: `test:shop.group_${deletes}`,
        namespace: 'Order',
        name: `group_${deletes}`,
        deletes,
        keyColumns: ['Order'],
      };
      await warehouse.applyFiles(table, [
        fileOf(
          'cdc/1.parquet',
          odd,
          [
            { op: 'I', at: 1, row: { Order: 1n, select: 'a', from: 'x' } },
            { op: 'U', at: 2, row: { Order: 1n, select: 'b', from: 'y' } },
            { op: 'I', at: 3, row: { Order: 2n, select: 'c', from: 'z' } },
            { op: 'D', at: 4, row: { Order: 2n, select: 'c', from: 'z' } },
          ],
          { keyColumns: ['Order'] },
        ),
      ]);
      expect(await warehouse.readRows(table, odd)).toEqual([{ Order: '1', select: 'b', from: 'y' }]);
    }
    expect((await warehouse.query('SELECT "Order", "select" FROM "Order".group_soft_live')).rows).toEqual([['1', 'b']]);
  } finally {
    await warehouse.close();
  }
});
