import { DmsFileError } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { catchError } from './support/catchError.js';
import { columnValues } from './support/columnValues.js';
import { decimalBytes } from './support/decimalBytes.js';
import { expectMatchesDuckDb } from './support/expectMatchesDuckDb.js';
import { readParquetFile } from './support/readParquetFile.js';
import { tempDir } from './support/tempDir.js';
import { type WrittenColumn, writeParquet } from './support/writeParquet.js';

const path = tempDir('written');
const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);
const opt = 'OPTIONAL' as const;

/** Shaped like DMS output (FACTS.md §1): legacy converted types only, FLBA decimals, a REQUIRED DMS_TIMESTAMP. */
const DMS_LIKE: WrittenColumn[] = [
  {
    element: { name: 'DMS_TIMESTAMP', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
    data: [
      '2022-10-23 01:38:30.913000',
      '2022-10-23 01:38:30',
      '2022-10-23 01:38:30.5',
      '1970-01-01 00:00:00.000001',
      '1969-12-31 23:59:59.999999',
      '2024-02-29 12:00:00.123',
      '9999-12-31 23:59:59.999999',
      '2000-01-01 00:00:00.123456000',
    ],
  },
  {
    element: { name: 'id_u64', type: 'INT64', converted_type: 'UINT_64', repetition_type: opt },
    data: [0n, 1n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n, null, 18446744073709551000n],
  },
  {
    element: { name: 'i64', type: 'INT64', repetition_type: opt },
    data: [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, null, 2n ** 53n + 1n, 123n, -123n],
  },
  {
    element: { name: 'i32', type: 'INT32', repetition_type: opt },
    data: [-2147483648, 2147483647, 0, -1, null, 1, 2, 3],
  },
  {
    element: { name: 'tinyint_bool', type: 'INT32', converted_type: 'INT_8', repetition_type: opt },
    data: [0, 1, -128, 127, null, 1, 0, 1],
  },
  {
    element: { name: 'small', type: 'INT32', converted_type: 'INT_16', repetition_type: opt },
    data: [-32768, 32767, 0, null, 1, 2, 3, 4],
  },
  {
    element: { name: 'u8', type: 'INT32', converted_type: 'UINT_8', repetition_type: opt },
    data: [0, 255, null, 1, 2, 3, 4, 5],
  },
  {
    element: { name: 'u16', type: 'INT32', converted_type: 'UINT_16', repetition_type: opt },
    data: [0, 65535, null, 1, 2, 3, 4, 5],
  },
  {
    element: { name: 'u32', type: 'INT32', converted_type: 'UINT_32', repetition_type: opt },
    data: [0, 4294967295, 2147483648, null, 1, 2, 3, 4],
  },
  {
    element: {
      name: 'dec38_10',
      type: 'FIXED_LEN_BYTE_ARRAY',
      type_length: 16,
      converted_type: 'DECIMAL',
      precision: 38,
      scale: 10,
      repetition_type: opt,
    },
    data: [0n, -1n, 10n ** 38n - 1n, -(10n ** 38n - 1n), -123456789012345678901234567890n, null, 5n, 10n ** 10n],
  },
  {
    element: {
      name: 'numeric15_2',
      type: 'FIXED_LEN_BYTE_ARRAY',
      type_length: 7,
      converted_type: 'DECIMAL',
      precision: 15,
      scale: 2,
      repetition_type: opt,
    },
    data: [-5n, 10n ** 15n - 1n, -(10n ** 15n - 1n), null, 0n, 100n, -100n, 1n],
  },
  {
    element: {
      name: 'money',
      type: 'FIXED_LEN_BYTE_ARRAY',
      type_length: 16,
      converted_type: 'DECIMAL',
      precision: 38,
      scale: 4,
      repetition_type: opt,
    },
    data: [476329697585400n, -1n, null, 0n, 10n ** 37n, -(10n ** 37n) + 1n, 50000n, 2n ** 53n + 1n],
  },
  {
    element: {
      name: 'dec_i32',
      type: 'INT32',
      converted_type: 'DECIMAL',
      precision: 9,
      scale: 2,
      repetition_type: opt,
    },
    data: [-5n, 999999999n, -999999999n, null, 0n, 1n, 10n, 100n],
  },
  {
    element: {
      name: 'dec_i64',
      type: 'INT64',
      converted_type: 'DECIMAL',
      precision: 18,
      scale: 4,
      repetition_type: opt,
    },
    data: [-(10n ** 18n - 1n), 10n ** 18n - 1n, null, 0n, -1n, 12345n, 1n, 2n],
  },
  {
    element: {
      name: 'dec_bytes',
      type: 'BYTE_ARRAY',
      converted_type: 'DECIMAL',
      precision: 20,
      scale: 3,
      repetition_type: opt,
    },
    data: [-1n, 10n ** 20n - 1n, -(10n ** 20n - 1n), null, 0n, 128n, -128n, 255n],
  },
  {
    element: { name: 'f32', type: 'FLOAT', repetition_type: opt },
    data: [
      0.1,
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      null,
      3.4028234663852886e38,
      1.4e-45,
    ],
  },
  {
    element: { name: 'f64', type: 'DOUBLE', repetition_type: opt },
    data: [0.1, -0, Number.NaN, Number.POSITIVE_INFINITY, null, Number.MAX_VALUE, 5e-324, 1 / 3],
  },
  {
    element: { name: 'txt', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: opt },
    data: ['', '한국어 텍스트', '😀 emoji 👍🏽', '\uFEFFbom first', null, 'line\nbreak', 'tab\there', 'plain'],
  },
  {
    element: { name: 'doc', type: 'BYTE_ARRAY', converted_type: 'JSON', repetition_type: opt },
    data: [{ a: 1 }, [], null, { k: '값' }, 1, 's', { nested: { x: [1, 2] } }, {}],
  },
  {
    element: { name: 'kind', type: 'BYTE_ARRAY', converted_type: 'ENUM', repetition_type: opt },
    data: ['a', 'b', null, 'c', 'a', 'b', 'c', 'a'],
  },
  {
    element: { name: 'bin', type: 'BYTE_ARRAY', repetition_type: opt },
    data: [
      bytes(0xff, 0xfe, 0x00),
      bytes(),
      null,
      utf8('text'),
      bytes(0x80),
      bytes(0xef, 0xbb, 0xbf),
      bytes(0),
      bytes(1),
    ],
  },
  {
    element: { name: 'fixed4', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 4, repetition_type: opt },
    data: [bytes(1, 2, 3, 4), null, bytes(255, 255, 255, 255), bytes(0, 0, 0, 0), bytes(9, 9, 9, 9), null, null, null],
  },
  {
    element: { name: 'ts_ms', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: opt },
    data: [0n, -1n, 1635694452458n, null, -62135596800000n, 253402300799999n, 1n, 1000n],
  },
  {
    element: { name: 'ts_us', type: 'INT64', converted_type: 'TIMESTAMP_MICROS', repetition_type: opt },
    data: [0n, -1n, 1635694452458123n, null, -62135596800000000n, 253402300799999999n, 1n, 1000n],
  },
  {
    element: { name: 'day', type: 'INT32', converted_type: 'DATE', repetition_type: opt },
    data: [0, -1, 19000, null, -719162, 2932896, 1, 2],
  },
  {
    element: { name: 't_ms', type: 'INT32', converted_type: 'TIME_MILLIS', repetition_type: opt },
    data: [0, 86399999, null, 1, 1000, 3600000, 45296789, 2],
  },
  {
    element: { name: 't_us', type: 'INT64', converted_type: 'TIME_MICROS', repetition_type: opt },
    data: [0n, 86399999999n, null, 1n, 1000n, 3600000000n, 45296789012n, 2n],
  },
  {
    element: { name: 'flag', type: 'BOOLEAN', repetition_type: opt },
    data: [true, false, null, true, false, true, true, false],
  },
];

describe('files shaped like DMS output (legacy converted types only)', () => {
  it('types every column exactly', async () => {
    writeParquet(path('dms-like.parquet'), DMS_LIKE);
    const { parquet } = await readParquetFile(path('dms-like.parquet'), 'dms/test/s/t/LOAD00000001.parquet', {
      timestampColumns: ['DMS_TIMESTAMP'],
    });
    expect(Object.fromEntries(parquet.columns.map((c) => [c.name, c.type]))).toEqual({
      DMS_TIMESTAMP: { kind: 'timestamp', precision: 6, utc: true },
      id_u64: { kind: 'int', bits: 64, signed: false },
      i64: { kind: 'int', bits: 64, signed: true },
      i32: { kind: 'int', bits: 32, signed: true },
      tinyint_bool: { kind: 'int', bits: 8, signed: true },
      small: { kind: 'int', bits: 16, signed: true },
      u8: { kind: 'int', bits: 8, signed: false },
      u16: { kind: 'int', bits: 16, signed: false },
      u32: { kind: 'int', bits: 32, signed: false },
      dec38_10: { kind: 'decimal', precision: 38, scale: 10 },
      numeric15_2: { kind: 'decimal', precision: 15, scale: 2 },
      money: { kind: 'decimal', precision: 38, scale: 4 },
      dec_i32: { kind: 'decimal', precision: 9, scale: 2 },
      dec_i64: { kind: 'decimal', precision: 18, scale: 4 },
      dec_bytes: { kind: 'decimal', precision: 20, scale: 3 },
      f32: { kind: 'float', bits: 32 },
      f64: { kind: 'float', bits: 64 },
      txt: { kind: 'string' },
      doc: { kind: 'string' },
      kind: { kind: 'string' },
      bin: { kind: 'bytes' },
      fixed4: { kind: 'bytes' },
      ts_ms: { kind: 'timestamp', precision: 3, utc: true },
      ts_us: { kind: 'timestamp', precision: 6, utc: true },
      day: { kind: 'date' },
      t_ms: { kind: 'time', precision: 3 },
      t_us: { kind: 'time', precision: 6 },
      flag: { kind: 'boolean' },
    });
  });

  it.each([
    ['uncompressed, one row group', 'UNCOMPRESSED', 8, [8]],
    ['snappy, one row group', 'SNAPPY', 8, [8]],
    ['gzip, one row group', 'GZIP', 8, [8]],
    ['snappy, row groups of 3', 'SNAPPY', 3, [3, 3, 2]],
    ['gzip, row groups of 1', 'GZIP', 1, [1, 1, 1, 1, 1, 1, 1, 1]],
  ] as const)('reads every value as DuckDB does: %s', async (label, codec, rowGroupSize, groups) => {
    const file = path(`dms-like-${label.replaceAll(/\W+/g, '-')}.parquet`);
    writeParquet(file, DMS_LIKE, { codec, rowGroupSize });
    const { parquet, batches } = await readParquetFile(file, 'dms/test/s/t/LOAD00000001.parquet', {
      timestampColumns: ['DMS_TIMESTAMP'],
    });
    expect(batches).toHaveLength(parquet.rowGroupCount);
    expect(batches.map((b) => b.rowCount)).toEqual(groups);
    expect(await expectMatchesDuckDb(file, batches, ['DMS_TIMESTAMP'])).toBe(8 * DMS_LIKE.length);
    // Positions number rows across row groups, not within them.
    expect(batches.flatMap((b) => b.positions).map((p) => Number(p.slice(-12)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps uint64 above 2^63, exact decimals, bytes and Korean/emoji text (spot values)', async () => {
    writeParquet(path('spot.parquet'), DMS_LIKE, { codec: 'SNAPPY', rowGroupSize: 3 });
    const { batches } = await readParquetFile(path('spot.parquet'), 'dms/test/s/t/LOAD00000001.parquet');
    expect(columnValues(batches, 'id_u64')).toEqual([
      0n,
      1n,
      9007199254740993n,
      9223372036854775807n,
      9223372036854775808n,
      18446744073709551615n,
      null,
      18446744073709551000n,
    ]);
    expect(columnValues(batches, 'dec38_10')).toEqual([
      '0.0000000000',
      '-0.0000000001',
      '9999999999999999999999999999.9999999999',
      '-9999999999999999999999999999.9999999999',
      '-12345678901234567890.1234567890',
      null,
      '0.0000000005',
      '1.0000000000',
    ]);
    expect(columnValues(batches, 'numeric15_2')).toEqual([
      '-0.05',
      '9999999999999.99',
      '-9999999999999.99',
      null,
      '0.00',
      '1.00',
      '-1.00',
      '0.01',
    ]);
    expect(columnValues(batches, 'money')[7]).toBe('900719925474.0993');
    expect(columnValues(batches, 'dec_bytes').slice(5)).toEqual(['0.128', '-0.128', '0.255']);
    expect(columnValues(batches, 'tinyint_bool')).toEqual([0, 1, -128, 127, null, 1, 0, 1]);
    expect(columnValues(batches, 'txt')).toEqual(DMS_LIKE.find((c) => c.element.name === 'txt')!.data);
    expect(columnValues(batches, 'bin')[0]).toEqual(bytes(0xff, 0xfe, 0x00));
    expect(columnValues(batches, 'bin')[5]).toEqual(bytes(0xef, 0xbb, 0xbf));
    expect(columnValues(batches, 'DMS_TIMESTAMP')[0]).toBe('2022-10-23 01:38:30.913000');
  });

  it('copies bytes out of the page buffer', async () => {
    const repeated: WrittenColumn[] = [
      { element: { name: 'b', type: 'BYTE_ARRAY', repetition_type: 'REQUIRED' }, data: Array(50).fill(bytes(1, 2)) },
    ];
    writeParquet(path('bytes.parquet'), repeated);
    const { batches } = await readParquetFile(path('bytes.parquet'), 'dms/test/s/t/LOAD00000001.parquet');
    const values = columnValues(batches, 'b') as Uint8Array[];
    expect(values[0]).toEqual(bytes(1, 2));
    // One copy holds the chunk's values and nothing else of the page (lengths, headers).
    expect(values[0]!.buffer.byteLength).toBe(100);
    values[0]![0] = 9;
    expect(values[1]).toEqual(bytes(1, 2));
  });
});

/** Logical types as parquet-mr and Arrow write them: the logical type plus its legacy twin where one exists. */
const LOGICAL: WrittenColumn[] = [
  {
    element: {
      name: 'l_dec_flba',
      type: 'FIXED_LEN_BYTE_ARRAY',
      type_length: 16,
      converted_type: 'DECIMAL',
      precision: 38,
      scale: 10,
      logical_type: { type: 'DECIMAL', precision: 38, scale: 10 },
      repetition_type: opt,
    },
    data: [-1n, 10n ** 38n - 1n, null, -(2n ** 100n)],
  },
  {
    element: {
      name: 'l_dec_i32',
      type: 'INT32',
      converted_type: 'DECIMAL',
      precision: 5,
      scale: 5,
      logical_type: { type: 'DECIMAL', precision: 5, scale: 5 },
      repetition_type: opt,
    },
    data: [-99999n, 99999n, null, 1n],
  },
  {
    element: {
      name: 'l_str',
      type: 'BYTE_ARRAY',
      converted_type: 'UTF8',
      logical_type: { type: 'STRING' },
      repetition_type: opt,
    },
    data: ['한글', '', null, '🦆'],
  },
  {
    element: {
      name: 'l_enum',
      type: 'BYTE_ARRAY',
      converted_type: 'ENUM',
      logical_type: { type: 'ENUM' },
      repetition_type: opt,
    },
    data: ['on', 'off', null, 'on'],
  },
  {
    element: {
      name: 'l_uuid',
      type: 'FIXED_LEN_BYTE_ARRAY',
      type_length: 16,
      logical_type: { type: 'UUID' },
      repetition_type: opt,
    },
    data: [
      '181e9c5d-9b55-4535-8c6e-6c8c1234b807',
      '00000000-0000-0000-0000-000000000000',
      null,
      'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    ],
  },
  {
    element: {
      name: 'l_date',
      type: 'INT32',
      converted_type: 'DATE',
      logical_type: { type: 'DATE' },
      repetition_type: opt,
    },
    data: [-719162, 2932896, null, 0],
  },
  {
    element: {
      name: 'l_ts_utc_ms',
      type: 'INT64',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      repetition_type: opt,
    },
    data: [1635694452458n, -1n, null, 0n],
  },
  {
    element: {
      name: 'l_ts_local_us',
      type: 'INT64',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' },
      repetition_type: opt,
    },
    data: [1635694452458123n, -1n, null, 0n],
  },
  {
    element: {
      name: 'l_ts_ns',
      type: 'INT64',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'NANOS' },
      repetition_type: opt,
    },
    data: [1635694452458123000n, -1000n, null, 0n],
  },
  {
    element: {
      name: 'l_time_us',
      type: 'INT64',
      logical_type: { type: 'TIME', isAdjustedToUTC: false, unit: 'MICROS' },
      repetition_type: opt,
    },
    data: [86399999999n, 0n, null, 45296789012n],
  },
  {
    element: {
      name: 'l_time_ms',
      type: 'INT32',
      logical_type: { type: 'TIME', isAdjustedToUTC: true, unit: 'MILLIS' },
      repetition_type: opt,
    },
    data: [86399999, 0, null, 45296789],
  },
];

/**
 * Logical types with no legacy twin. DuckDB reads these as raw (BLOB, plain INT32) or rejects the writer's
 * IntType encoding, so the expected values are spelled out instead.
 */
const LOGICAL_ONLY: WrittenColumn[] = [
  {
    element: {
      name: 'i8',
      type: 'INT32',
      logical_type: { type: 'INTEGER', bitWidth: 8, isSigned: true },
      repetition_type: opt,
    },
    data: [-128, 127, null, 0],
  },
  {
    element: {
      name: 'u16',
      type: 'INT32',
      logical_type: { type: 'INTEGER', bitWidth: 16, isSigned: false },
      repetition_type: opt,
    },
    data: [65535, 0, null, 1],
  },
  {
    element: {
      name: 'u32',
      type: 'INT32',
      logical_type: { type: 'INTEGER', bitWidth: 32, isSigned: false },
      repetition_type: opt,
    },
    data: [4294967295, 2147483648, null, 0],
  },
  {
    element: {
      name: 'u64',
      type: 'INT64',
      logical_type: { type: 'INTEGER', bitWidth: 64, isSigned: false },
      repetition_type: opt,
    },
    data: [2n ** 64n - 1n, 2n ** 63n, null, 0n],
  },
  {
    element: {
      name: 'i64',
      type: 'INT64',
      logical_type: { type: 'INTEGER', bitWidth: 64, isSigned: true },
      repetition_type: opt,
    },
    data: [-(2n ** 63n), 2n ** 63n - 1n, null, 0n],
  },
  {
    element: {
      name: 'dec_flba',
      type: 'FIXED_LEN_BYTE_ARRAY',
      type_length: 16,
      logical_type: { type: 'DECIMAL', precision: 38, scale: 10 },
      repetition_type: opt,
    },
    data: [decimalBytes(-1n, 16), decimalBytes(10n ** 38n - 1n, 16), null, decimalBytes(-(2n ** 100n), 16)],
  },
  {
    element: {
      name: 'dec_i32',
      type: 'INT32',
      logical_type: { type: 'DECIMAL', precision: 5, scale: 5 },
      repetition_type: opt,
    },
    data: [-99999, 99999, null, 1],
  },
  {
    element: {
      name: 'dec_i64',
      type: 'INT64',
      logical_type: { type: 'DECIMAL', precision: 18, scale: 0 },
      repetition_type: opt,
    },
    data: [-(10n ** 18n - 1n), 10n ** 18n - 1n, null, 0n],
  },
  {
    element: { name: 'date', type: 'INT32', logical_type: { type: 'DATE' }, repetition_type: opt },
    data: [-719162, 2932896, null, 0],
  },
  {
    element: { name: 'str', type: 'BYTE_ARRAY', logical_type: { type: 'STRING' }, repetition_type: opt },
    data: ['한글', '', null, '🦆'],
  },
  {
    element: { name: 'json', type: 'BYTE_ARRAY', logical_type: { type: 'JSON' }, repetition_type: opt },
    data: ['{"a":[1,2]}', 'null', null, '"x"'],
  },
  {
    element: { name: 'enum', type: 'BYTE_ARRAY', logical_type: { type: 'ENUM' }, repetition_type: opt },
    data: ['on', 'off', null, 'on'],
  },
];

describe('files with logical types', () => {
  it('reads logical decimals, strings, UUIDs, dates, times and timestamps as DuckDB does, with their UTC meaning', async () => {
    writeParquet(path('logical.parquet'), LOGICAL, { codec: 'SNAPPY', rowGroupSize: 3 });
    const { parquet, batches } = await readParquetFile(path('logical.parquet'), 'dms/test/s/t/LOAD00000001.parquet');
    expect(Object.fromEntries(parquet.columns.map((c) => [c.name, c.type]))).toEqual({
      l_dec_flba: { kind: 'decimal', precision: 38, scale: 10 },
      l_dec_i32: { kind: 'decimal', precision: 5, scale: 5 },
      l_str: { kind: 'string' },
      l_enum: { kind: 'string' },
      l_uuid: { kind: 'string' },
      l_date: { kind: 'date' },
      l_ts_utc_ms: { kind: 'timestamp', precision: 3, utc: true },
      l_ts_local_us: { kind: 'timestamp', precision: 6, utc: false },
      l_ts_ns: { kind: 'timestamp', precision: 6, utc: true },
      l_time_us: { kind: 'time', precision: 6 },
      l_time_ms: { kind: 'time', precision: 3 },
    });
    expect(await expectMatchesDuckDb(path('logical.parquet'), batches)).toBe(4 * LOGICAL.length);
    expect(columnValues(batches, 'l_uuid')).toEqual([
      '181e9c5d-9b55-4535-8c6e-6c8c1234b807',
      '00000000-0000-0000-0000-000000000000',
      null,
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
    ]);
    expect(columnValues(batches, 'l_ts_ns')).toEqual([1635694452458123n, -1n, null, 0n]);
  });

  it('reads logical types that have no legacy twin (INTEGER, DECIMAL, STRING, JSON, ENUM alone)', async () => {
    writeParquet(path('logical-only.parquet'), LOGICAL_ONLY, { codec: 'GZIP', rowGroupSize: 3 });
    const { parquet, batches } = await readParquetFile(
      path('logical-only.parquet'),
      'dms/test/s/t/LOAD00000001.parquet',
    );
    expect(Object.fromEntries(parquet.columns.map((c) => [c.name, c.type]))).toEqual({
      i8: { kind: 'int', bits: 8, signed: true },
      u16: { kind: 'int', bits: 16, signed: false },
      u32: { kind: 'int', bits: 32, signed: false },
      u64: { kind: 'int', bits: 64, signed: false },
      i64: { kind: 'int', bits: 64, signed: true },
      dec_flba: { kind: 'decimal', precision: 38, scale: 10 },
      dec_i32: { kind: 'decimal', precision: 5, scale: 5 },
      dec_i64: { kind: 'decimal', precision: 18, scale: 0 },
      date: { kind: 'date' },
      str: { kind: 'string' },
      json: { kind: 'string' },
      enum: { kind: 'string' },
    });
    const values = Object.fromEntries(parquet.columns.map((c) => [c.name, columnValues(batches, c.name)]));
    expect(values).toEqual({
      i8: [-128, 127, null, 0],
      u16: [65535, 0, null, 1],
      u32: [4294967295, 2147483648, null, 0],
      u64: [18446744073709551615n, 9223372036854775808n, null, 0n],
      i64: [-9223372036854775808n, 9223372036854775807n, null, 0n],
      dec_flba: ['-0.0000000001', '9999999999999999999999999999.9999999999', null, '-126765060022822940149.6703205376'],
      dec_i32: ['-0.99999', '0.99999', null, '0.00001'],
      dec_i64: ['-999999999999999999', '999999999999999999', null, '0'],
      date: [-719162, 2932896, null, 0],
      str: ['한글', '', null, '🦆'],
      json: ['{"a":[1,2]}', 'null', null, '"x"'],
      enum: ['on', 'off', null, 'on'],
    });
  });

  it('reads nanosecond TIME exactly', async () => {
    writeParquet(path('time-ns.parquet'), [
      {
        element: {
          name: 't',
          type: 'INT64',
          logical_type: { type: 'TIME', isAdjustedToUTC: false, unit: 'NANOS' },
          repetition_type: opt,
        },
        data: [86399999999000n, null, 1000n],
      },
    ]);
    const { parquet, batches } = await readParquetFile(path('time-ns.parquet'), 'dms/test/s/t/LOAD00000001.parquet');
    expect(parquet.columns[0]!.type).toEqual({ kind: 'time', precision: 6 });
    expect(columnValues(batches, 't')).toEqual([86399999999n, null, 1n]);
  });

  it.each([
    ['TIMESTAMP', { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'NANOS' } as const, 'ts'],
    ['TIME', { type: 'TIME', isAdjustedToUTC: false, unit: 'NANOS' } as const, 't'],
  ])('refuses a nanosecond %s with sub-microsecond digits rather than truncating it', async (_, logical, name) => {
    const file = path(`inexact-${name}.parquet`);
    writeParquet(
      file,
      [
        {
          element: { name, type: 'INT64', logical_type: logical, repetition_type: opt },
          data: [1000n, null, 2000n, 3001n],
        },
      ],
      { rowGroupSize: 2 },
    );
    const key = 'dms/test/s/t/LOAD00000001.parquet';
    const error = await catchError(() => readParquetFile(file, key));
    expect(error).toBeInstanceOf(DmsFileError);
    expect((error as DmsFileError).row).toBe(3);
    expect((error as Error).message).toContain(`${key} row 3: column "${name}" holds 3001 ns`);
    expect((error as Error).message).toContain('sub-microsecond');
  });
});

describe('timestamp meaning and DMS timestamp strings', () => {
  const legacy: WrittenColumn[] = [
    {
      element: { name: 'created', type: 'INT64', converted_type: 'TIMESTAMP_MICROS', repetition_type: opt },
      data: [1n, null],
    },
    { element: { name: 'label', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: opt }, data: ['x', null] },
  ];

  it('reads a wallClockColumns timestamp (MySQL DATETIME) as wall-clock, values unchanged', async () => {
    writeParquet(path('wallclock.parquet'), legacy);
    const { parquet, batches } = await readParquetFile(path('wallclock.parquet'), 'dms/test/s/t/LOAD00000001.parquet', {
      wallClockColumns: ['created'],
    });
    expect(parquet.columns[0]).toEqual({ name: 'created', type: { kind: 'timestamp', precision: 6, utc: false } });
    expect(columnValues(batches, 'created')).toEqual([1n, null]);
  });

  it('refuses wallClockColumns or timestampColumns that name a column of another type', async () => {
    writeParquet(path('wallclock-bad.parquet'), legacy);
    const key = 'dms/test/s/t/LOAD00000001.parquet';
    const wall = await catchError(() =>
      readParquetFile(path('wallclock-bad.parquet'), key, { wallClockColumns: ['label'] }),
    );
    expect(wall).toBeInstanceOf(DmsFileError);
    expect((wall as Error).message).toBe(`${key}: wall-clock column "label" is string, expected a timestamp`);
    const i32 = path('ts-int.parquet');
    writeParquet(i32, [{ element: { name: 'n', type: 'INT32', repetition_type: opt }, data: [1] }]);
    const notText = await catchError(() => readParquetFile(i32, key, { timestampColumns: ['n'] }));
    expect(notText).toBeInstanceOf(DmsFileError);
    expect((notText as Error).message).toContain(
      `${key}: timestamp column "n" is int32, expected a yyyy-MM-dd HH:mm:ss string`,
    );
  });

  it.each([
    ['2022-10-23T01:38:30', 'is not yyyy-MM-dd HH:mm:ss'],
    ['2022-02-30 01:38:30', 'is not a valid date and time'],
    ['2022-10-23 24:00:00', 'is not a valid date and time'],
    ['2022-10-23 01:38:30.', 'with 1 to 9 fraction digits'],
    ['2022-10-23 01:38:30.1234567890', 'with 1 to 9 fraction digits'],
    ['2022-10-23 01:38:30.123456789', 'has sub-microsecond digits'],
    ['garbage', 'is not yyyy-MM-dd HH:mm:ss'],
  ])('refuses the DMS timestamp %s, naming the row', async (bad, reason) => {
    const file = path(`bad-ts-${bad.replaceAll(/\W+/g, '-')}.parquet`);
    writeParquet(
      file,
      [
        {
          element: { name: 'DMS_TIMESTAMP', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
          data: ['2022-10-23 01:38:30.913000', '2022-10-23 01:38:30', bad],
        },
      ],
      { rowGroupSize: 2 },
    );
    const key = 'dms/test/s/t/LOAD00000001.parquet';
    const error = await catchError(() => readParquetFile(file, key, { timestampColumns: ['DMS_TIMESTAMP'] }));
    expect(error).toBeInstanceOf(DmsFileError);
    expect((error as DmsFileError).row).toBe(2);
    expect((error as Error).message).toContain(
      `${key} row 2: timestamp column "DMS_TIMESTAMP" holds ${JSON.stringify(bad)}`,
    );
    expect((error as Error).message).toContain(reason);
  });
});
