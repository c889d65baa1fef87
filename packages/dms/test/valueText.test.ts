import { describe, expect, it } from 'vitest';
import { decimalText, parseTimestampText } from '../src/index.js';
import { columnValues } from './support/columnValues.js';
import { expectMatchesDuckDb } from './support/expectMatchesDuckDb.js';
import { readParquetFile } from './support/readParquetFile.js';
import { tempDir } from './support/tempDir.js';
import { writeParquet } from './support/writeParquet.js';

const path = tempDir('values');

describe('decimalText', () => {
  it.each([
    [0, 0, '0'],
    [0, 3, '0.000'],
    [-5, 2, '-0.05'],
    [5, 10, '0.0000000005'],
    [123, 0, '123'],
    [-123456, 4, '-12.3456'],
    [9007199254740991, 0, '9007199254740991'],
    [9007199254740991, 20, '0.00009007199254740991'],
    [-9007199254740991, 5, '-90071992547.40991'],
    [0n, 2, '0.00'],
    [-5n, 2, '-0.05'],
    [10n ** 38n - 1n, 10, '9999999999999999999999999999.9999999999'],
    [-(10n ** 38n - 1n), 38, '-0.99999999999999999999999999999999999999'],
    [12n, 45, '0.000000000000000000000000000000000000000000012'],
  ] as const)('%s scaled by %i → %s', (unscaled, scale, text) => {
    expect(decimalText(unscaled, scale)).toBe(text);
  });
});

describe('parseTimestampText', () => {
  it.each([
    ['1970-01-01 00:00:00', 0n],
    ['1970-01-01 00:00:00.000001', 1n],
    ['1969-12-31 23:59:59.999999', -1n],
    ['2000-02-29 12:00:00.5', 951825600500000n],
    ['2022-07-26 06:46:18.616807', 1658817978616807n],
    ['2022-07-26 06:46:18.616807000', 1658817978616807n],
    ['0001-01-01 00:00:00', -62135596800000000n],
    ['9999-12-31 23:59:59.999999', 253402300799999999n],
  ])('%s → %s µs', (text, micros) => {
    expect(parseTimestampText(text)).toBe(micros);
  });

  it.each([
    ['1900-02-29 00:00:00', 'is not a valid date and time'],
    ['2023-02-29 00:00:00', 'is not a valid date and time'],
    ['2022-04-31 00:00:00', 'is not a valid date and time'],
    ['2022-00-10 00:00:00', 'is not a valid date and time'],
    ['2022-10-10 00:60:00', 'is not a valid date and time'],
    ['2022-10-10 00:00:60', 'is not a valid date and time'],
    ['2022-10-10 00:00:00Z', 'fraction digits'],
    ['2022-10-10', 'is not yyyy-MM-dd HH:mm:ss'],
    ['２022-10-10 00:00:00', 'is not yyyy-MM-dd HH:mm:ss'],
    ['2022-10-10 00:00:00.0000001', 'has sub-microsecond digits'],
  ])('refuses %s', (text, reason) => {
    expect(parseTimestampText(text)).toContain(reason);
  });
});

describe('decimals on FIXED_LEN_BYTE_ARRAY around the 48-bit fast path', () => {
  it('reads every width and sign boundary exactly, as DuckDB does', async () => {
    const values: bigint[] = [];
    for (const bits of [7, 8, 15, 16, 31, 32, 47, 48, 49, 53, 55, 63, 64, 100, 126]) {
      const edge = 2n ** BigInt(bits);
      values.push(edge - 1n, edge, edge + 1n, -edge + 1n, -edge, -edge - 1n);
    }
    const file = path('flba-edges.parquet');
    writeParquet(file, [
      {
        element: {
          name: 'd',
          type: 'FIXED_LEN_BYTE_ARRAY',
          type_length: 16,
          converted_type: 'DECIMAL',
          precision: 38,
          scale: 3,
          repetition_type: 'REQUIRED',
        },
        data: values,
      },
      {
        element: {
          name: 'b',
          type: 'BYTE_ARRAY',
          converted_type: 'DECIMAL',
          precision: 38,
          scale: 0,
          repetition_type: 'REQUIRED',
        },
        data: values,
      },
    ]);
    const { batches } = await readParquetFile(file, 'dms/test/s/t/LOAD00000001.parquet');
    expect(await expectMatchesDuckDb(file, batches)).toBe(values.length * 2);
    expect(columnValues(batches, 'b')).toEqual(values.map(String));
  });
});
