import { DuckDBInstance } from '@duckdb/node-api';
import { DmsFileError } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { catchError } from './support/catchError.js';
import { columnValues } from './support/columnValues.js';
import { expectMatchesDuckDb } from './support/expectMatchesDuckDb.js';
import { int96 } from './support/int96.js';
import { readParquetFile } from './support/readParquetFile.js';
import { tempDir } from './support/tempDir.js';
import { writeParquet } from './support/writeParquet.js';
import { writeRelabelledParquet } from './support/writeRelabelledParquet.js';

const path = tempDir('unusual');
const KEY = 'dms/test/s/t/LOAD00000001.parquet';
const JULIAN_EPOCH = 2440588;

function writeInt96(file: string, values: (Uint8Array | null)[]): void {
  writeRelabelledParquet(
    file,
    [
      {
        element: { name: 'ts', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 12, repetition_type: 'OPTIONAL' },
        data: values,
      },
    ],
    [{ name: 'ts', type: 'INT96', repetition_type: 'OPTIONAL' }],
  );
}

describe('INT96 timestamps', () => {
  it('reads exact INT96 values as UTC microseconds, as DuckDB does', async () => {
    const file = path('int96.parquet');
    writeInt96(file, [
      int96(JULIAN_EPOCH, 0n),
      int96(JULIAN_EPOCH + 19000, 45_296_789_012_000n),
      null,
      int96(JULIAN_EPOCH - 1, 86_399_999_999_000n),
    ]);
    const { parquet, batches } = await readParquetFile(file, KEY);
    expect(parquet.columns).toEqual([{ name: 'ts', type: { kind: 'timestamp', precision: 6, utc: true } }]);
    expect(columnValues(batches, 'ts')).toEqual([0n, 19000n * 86_400_000_000n + 45_296_789_012n, null, -1n]);
    expect(await expectMatchesDuckDb(file, batches)).toBe(4);
  });

  it('refuses an INT96 value with sub-microsecond digits, naming the row', async () => {
    const file = path('int96-inexact.parquet');
    writeInt96(file, [int96(JULIAN_EPOCH, 1000n), int96(JULIAN_EPOCH, 1001n)]);
    const error = await catchError(() => readParquetFile(file, KEY));
    expect(error).toBeInstanceOf(DmsFileError);
    expect((error as DmsFileError).row).toBe(1);
    expect((error as Error).message).toContain(`${KEY} row 1: column "ts" holds 1001 ns`);
  });
});

describe('text that is not UTF-8', () => {
  it('refuses a UTF8 column holding invalid bytes instead of replacing them, naming the column', async () => {
    const file = path('bad-utf8.parquet');
    writeParquet(file, [
      {
        element: { name: 'ok', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        data: ['a', 'b'],
      },
      {
        element: { name: 'name', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        data: [new Uint8Array([0x61]), new Uint8Array([0xff, 0xfe])],
      },
    ]);
    const error = await catchError(() => readParquetFile(file, KEY));
    expect(error).toBeInstanceOf(DmsFileError);
    expect((error as DmsFileError).row).toBe(1);
    expect((error as Error).message).toContain(
      `${KEY} row 1: text column "name" holds bytes that are not UTF-8 (fffe…)`,
    );
  });
});

describe('nested and repeated columns', () => {
  it.each([
    ['a list', `SELECT 1 AS id, [1, 2] AS tags`, 'column "tags" is a nested group'],
    ['a struct', `SELECT 1 AS id, {'a': 1} AS s`, 'column "s" is a nested group'],
    ['a map', `SELECT 1 AS id, MAP {'k': 1} AS m`, 'column "m" is a nested group'],
  ])('refuses %s with a clear error', async (label, select, reason) => {
    const file = path(`nested-${label.replaceAll(' ', '-')}.parquet`);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`COPY (${select}) TO '${file}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const error = await catchError(() => readParquetFile(file, KEY));
    expect(error).toBeInstanceOf(DmsFileError);
    expect((error as Error).message).toContain(`${KEY}: ${reason}`);
  });

  it('refuses a top-level repeated column', async () => {
    const file = path('repeated.parquet');
    writeRelabelledParquet(
      file,
      [{ element: { name: 'r', type: 'INT32', repetition_type: 'REQUIRED' }, data: [1, 2] }],
      [{ name: 'r', type: 'INT32', repetition_type: 'REPEATED' }],
    );
    const error = await catchError(() => readParquetFile(file, KEY));
    expect(error).toBeInstanceOf(DmsFileError);
    expect((error as Error).message).toContain(`${KEY}: column "r" is repeated (a list)`);
  });
});

describe('types ferry cannot carry exactly', () => {
  it.each([
    ['FLOAT16', { type: 'FIXED_LEN_BYTE_ARRAY', type_length: 2, logical_type: { type: 'FLOAT16' } }, [1.5]],
    ['INTERVAL', { type: 'FIXED_LEN_BYTE_ARRAY', type_length: 12, converted_type: 'INTERVAL' }, [new Uint8Array(12)]],
    ['UINT_64 on INT32', { type: 'INT32', converted_type: 'UINT_64' }, [1]],
  ] as const)('refuses %s naming the column', async (label, element, data) => {
    const file = path(`unsupported-${label.replaceAll(' ', '-')}.parquet`);
    writeParquet(file, [{ element: { name: 'x', repetition_type: 'OPTIONAL', ...element }, data }]);
    const error = await catchError(() => readParquetFile(file, KEY));
    expect(error).toBeInstanceOf(DmsFileError);
    expect((error as Error).message).toContain(`${KEY}: column "x" has an unsupported parquet type`);
  });
});
