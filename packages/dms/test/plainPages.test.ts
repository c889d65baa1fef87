import { DuckDBInstance } from '@duckdb/node-api';
import { DmsFileError } from '@ferry/core';
import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { decimalText } from '../src/index.js';
import { catchError } from './support/catchError.js';
import { columnValues } from './support/columnValues.js';
import { expectMatchesDuckDb } from './support/expectMatchesDuckDb.js';
import { readParquetFile } from './support/readParquetFile.js';
import { tempDir } from './support/tempDir.js';
import { writeParquet } from './support/writeParquet.js';

// PLAIN byte-array pages are read in place (no view per value, one UTF-8 check per page): these tests hold
// that path to the values the value-by-value path gives, across page boundaries, NULLs and edge values.

const path = tempDir('plain');
const KEY = 'dms/test/s/t/LOAD00000001.parquet';
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Every page of the file's first column chunk, with its encoding: the tests must really cover PLAIN pages. */
function pageEncodings(bytes: Uint8Array): string[] {
  const meta = parquetMetadata(bytes.buffer as ArrayBuffer);
  return meta.row_groups.flatMap((g) => g.columns.flatMap((c) => c.meta_data!.encodings));
}

const TEXTS = [
  'plain ascii',
  '',
  null,
  '한국어 텍스트',
  'emoji 😀🍜 at the end 🎁',
  '\uFEFFa BOM is data',
  'é',
  '€',
  '𝄞',
  'NUL\u0000inside',
  null,
  'x'.repeat(300),
  '김'.repeat(200),
];

describe('PLAIN text pages', () => {
  it.each(['UNCOMPRESSED', 'SNAPPY'] as const)('reads multi-byte UTF-8 across many small pages (%s)', async (codec) => {
    const data = Array.from({ length: 600 }, (_, i) => {
      const t = TEXTS[i % TEXTS.length]!;
      return t === null ? null : `${t}${i}`;
    });
    // Some pages all ASCII, some mixed: the ASCII fast path and the UTF-8 one both run.
    for (let i = 0; i < 40; i++) data[i] = `ascii-only ${i}`;
    const file = path(`text-${codec}.parquet`);
    const bytes = writeParquet(
      file,
      [
        {
          element: { name: 't', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
          data,
          encoding: 'PLAIN',
        },
      ],
      { codec, pageSize: 256, rowGroupSize: 250 },
    );
    expect(pageEncodings(bytes)).not.toContain('RLE_DICTIONARY');
    const { batches } = await readParquetFile(file, KEY);
    expect(batches.length).toBe(3);
    expect(columnValues(batches, 't')).toEqual(data);
    expect(await expectMatchesDuckDb(file, batches)).toBe(600);
  });

  it('reads a REQUIRED text column and one of only NULLs', async () => {
    const file = path('required.parquet');
    writeParquet(
      file,
      [
        {
          element: { name: 'r', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
          data: ['a', '', 'ü', '😀'],
          encoding: 'PLAIN',
        },
        {
          element: { name: 'n', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
          data: [null, null, null, null],
          encoding: 'PLAIN',
        },
      ],
      { pageSize: 4 },
    );
    const { batches } = await readParquetFile(file, KEY);
    expect(columnValues(batches, 'r')).toEqual(['a', '', 'ü', '😀']);
    expect(columnValues(batches, 'n')).toEqual([null, null, null, null]);
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['an overlong NUL', [0xc0, 0x80]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a sequence cut short by the value end', [0x61, 0xe2, 0x82]],
  ])('refuses %s in a later page, naming its row', async (_, bad) => {
    const file = path(`bad-${bad.join('-')}.parquet`);
    const data: (Uint8Array | null)[] = Array.from({ length: 50 }, (_, i) => (i % 7 ? utf8(`€ ${i}`) : null));
    data[37] = new Uint8Array(bad);
    // The next value starts with continuation bytes: together they would be valid, each alone is not.
    data[38] = new Uint8Array([0xac, 0x61]);
    writeParquet(
      file,
      [
        {
          element: { name: 't', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
          data,
          encoding: 'PLAIN',
        },
      ],
      { pageSize: 64 },
    );
    const error = await catchError(() => readParquetFile(file, KEY));
    expect(error).toBeInstanceOf(DmsFileError);
    expect((error as DmsFileError).row).toBe(37);
    expect((error as Error).message).toContain(`${KEY} row 37: text column "t" holds bytes that are not UTF-8`);
  });

  it('reads DMS timestamp text from PLAIN pages and names the row of a bad one', async () => {
    const good = Array.from({ length: 40 }, (_, i) =>
      i % 9 === 0 ? null : `2022-07-26 06:46:${String(i).padStart(2, '0')}.${String(i * 7).padStart(6, '0')}`,
    );
    const element = { name: 'ts', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' } as const;
    const file = path('timestamps.parquet');
    writeParquet(file, [{ element, data: good, encoding: 'PLAIN' }], { pageSize: 128 });
    const { batches } = await readParquetFile(file, KEY, { timestampColumns: ['ts'] });
    expect(columnValues(batches, 'ts')).toEqual(
      good.map((t) =>
        t === null
          ? null
          : BigInt(Date.parse(`${t.slice(0, 19).replace(' ', 'T')}Z`)) * 1000n + BigInt(Number(t.slice(20))),
      ),
    );
    expect(await expectMatchesDuckDb(file, batches, ['ts'])).toBe(40);

    const badFile = path('timestamps-bad.parquet');
    writeParquet(
      badFile,
      [{ element, data: good.map((t, i) => (i === 31 ? '2022-02-30 00:00:00' : t)), encoding: 'PLAIN' }],
      {
        pageSize: 128,
      },
    );
    const error = await catchError(() => readParquetFile(badFile, KEY, { timestampColumns: ['ts'] }));
    expect(error).toBeInstanceOf(DmsFileError);
    expect((error as DmsFileError).row).toBe(31);
    expect((error as Error).message).toContain('"2022-02-30 00:00:00", which is not a valid date and time');
  });
});

describe('PLAIN decimal and bytes pages', () => {
  const P53 = 2n ** 53n;
  const EDGES = [
    0n,
    1n,
    -1n,
    P53 - 1n,
    P53,
    P53 + 1n,
    -P53 + 1n,
    -P53,
    -P53 - 1n,
    2n ** 48n - 1n,
    2n ** 48n,
    -(2n ** 48n),
    2n ** 55n - 1n,
    -(2n ** 55n),
    2n ** 56n,
    10n ** 18n,
    -(10n ** 18n),
    10n ** 38n - 1n,
    -(10n ** 38n - 1n),
    2n ** 125n,
    -(2n ** 125n),
    999_999_999n,
    1_000_000_000n,
    -1_000_000_000_000_000_000n,
  ];

  it.each([0, 4, 10, 38])('reads 16-byte decimals at the 2^53 and 10^9 edges exactly, scale %i', async (scale) => {
    const unscaled = [...EDGES, ...EDGES.map((v) => v * 7n + 3n)].filter((v) => v > -(10n ** 38n) && v < 10n ** 38n);
    const data = unscaled.flatMap((v, i) => (i % 5 === 0 ? [null, v] : [v]));
    const file = path(`decimal-${scale}.parquet`);
    writeParquet(
      file,
      [
        {
          element: {
            name: 'd',
            type: 'FIXED_LEN_BYTE_ARRAY',
            type_length: 16,
            converted_type: 'DECIMAL',
            precision: 38,
            scale,
            repetition_type: 'OPTIONAL',
          },
          data,
          encoding: 'PLAIN',
        },
      ],
      { pageSize: 100 },
    );
    const { batches } = await readParquetFile(file, KEY);
    // decimalText of a bigint is the plain bigint arithmetic the in-page path must agree with.
    const expected = data.map((v) => (v === null ? null : decimalText(v, scale)));
    expect(columnValues(batches, 'd')).toEqual(expected);
    if (scale === 0) expect(columnValues(batches, 'd')).toContain('-9007199254740993');
    expect(await expectMatchesDuckDb(file, batches)).toBe(data.length);
  });

  it('reads negative zero-scale and narrow decimals as DuckDB does', async () => {
    const file = path('decimal-duckdb.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(
      `COPY (SELECT (CASE WHEN i % 2 = 0 THEN -1 ELSE 1 END * (9007199254740990 + i)::HUGEINT * 1000003)::DECIMAL(38,0) AS d0,
                    (CASE WHEN i % 3 = 0 THEN NULL ELSE -(i::HUGEINT * 123456789012345) END)::DECIMAL(38,10) AS d10
            FROM range(2000) t(i)) TO '${file}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const { batches } = await readParquetFile(file, KEY);
    expect(columnValues(batches, 'd0')[2]).toBe(`-${(9007199254740992n * 1000003n).toString()}`);
    expect(await expectMatchesDuckDb(file, batches)).toBe(4000);
  });

  it('reads bytes from PLAIN pages as copies, not views of the file', async () => {
    const data = Array.from({ length: 300 }, (_, i) =>
      i % 11 === 0
        ? null
        : i % 13 === 0
          ? new Uint8Array(0)
          : Uint8Array.from({ length: i % 40 }, (_, k) => (i * k) & 255),
    );
    const file = path('bytes.parquet');
    const bytes = writeParquet(
      file,
      [{ element: { name: 'b', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' }, data, encoding: 'PLAIN' }],
      {
        pageSize: 200,
      },
    );
    const { batches } = await readParquetFile(file, KEY);
    const values = columnValues(batches, 'b');
    expect(values).toEqual(data);
    // Each page's values share one copy of that page's bytes, smaller than the file.
    for (const v of values) if (v instanceof Uint8Array) expect(v.buffer.byteLength).toBeLessThan(bytes.length / 4);
    expect(await expectMatchesDuckDb(file, batches)).toBe(300);
  });
});

describe('decimalText of safe integers (built without bigints)', () => {
  it.each([
    [999_999_999, 0, '999999999'],
    [1_000_000_000, 0, '1000000000'],
    [-1_000_000_000, 9, '-1.000000000'],
    [1_000_000_001, 10, '0.1000000001'],
    [9007199254740991, 9, '9007199.254740991'],
    [-9007199254740991, 0, '-9007199254740991'],
    [-9007199254740991, 16, '-0.9007199254740991'],
    [-7, 0, '-7'],
  ] as const)('%s scaled by %i → %s, as the bigint path gives', (unscaled, scale, text) => {
    expect(decimalText(unscaled, scale)).toBe(text);
    expect(decimalText(BigInt(unscaled), scale)).toBe(text);
  });
});
