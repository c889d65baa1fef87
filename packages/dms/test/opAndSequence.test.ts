import { DmsFileError, POSITION_LENGTH } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { catchError } from './support/catchError.js';
import { columnValues } from './support/columnValues.js';
import { readParquetFile } from './support/readParquetFile.js';
import { tempDir } from './support/tempDir.js';
import { type WrittenColumn, writeParquet } from './support/writeParquet.js';

const path = tempDir('op-seq');
const CDC_KEY = 'dms/test/shop/orders/2022/10/23/20221023-013830913.parquet';
const LOAD_KEY = 'dms/test/shop/orders/SEGMENT2_LOAD0000000A.parquet';
const CDC_ORDINAL = '202210230138309130';
const LOAD_ORDINAL = '000200000000000010';
const SEQ = 'AR_H_CHANGE_SEQ';

const op = (data: unknown[]): WrittenColumn => ({
  element: { name: 'Op', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  data,
});
const id = (n: number): WrittenColumn => ({
  element: { name: 'id', type: 'INT64', repetition_type: 'REQUIRED' },
  data: Array.from({ length: n }, (_, i) => BigInt(i + 1)),
});
const seqText = (data: unknown[]): WrittenColumn => ({
  element: { name: SEQ, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  data,
});
const seq35 = (n: number) => `2022102301383091300000000000000${String(n).padStart(4, '0')}`;

function write(name: string, columns: WrittenColumn[], rowGroupSize = 2): string {
  const file = path(name);
  writeParquet(file, columns, { codec: 'SNAPPY', rowGroupSize });
  return file;
}

async function expectDmsFileError(
  run: () => Promise<unknown>,
  key: string,
  message: string,
  row?: number,
): Promise<void> {
  const error = await catchError(run);
  expect(error).toBeInstanceOf(DmsFileError);
  expect((error as DmsFileError).fileKey).toBe(key);
  expect((error as DmsFileError).row).toBe(row);
  expect((error as Error).message).toContain(
    row === undefined ? `${key}: ${message}` : `${key} row ${row}: ${message}`,
  );
}

describe('the Op column', () => {
  it('becomes ops, leaves the columns, and CDC positions start with phase 1 and the sequence', async () => {
    const file = write('cdc.parquet', [
      op(['I', 'U', 'U', 'D', 'I']),
      seqText([seq35(1), seq35(2), seq35(3), seq35(4), seq35(5)]),
      id(5),
    ]);
    const { parquet, batches } = await readParquetFile(file, CDC_KEY, { sequenceColumn: SEQ });
    expect(parquet.columns.map((c) => c.name)).toEqual([SEQ, 'id']);
    expect(batches.map((b) => b.rowCount)).toEqual([2, 2, 1]);
    expect(batches.flatMap((b) => b.ops)).toEqual(['I', 'U', 'U', 'D', 'I']);
    const positions = batches.flatMap((b) => b.positions);
    expect(positions[3]).toBe(`1${seq35(4)}${CDC_ORDINAL}000000000003`);
    expect(positions.every((p) => p.length === POSITION_LENGTH)).toBe(true);
    expect([...positions].sort()).toEqual(positions);
    expect(columnValues(batches, SEQ)[0]).toBe(seq35(1));
  });

  it('is required in a CDC file', async () => {
    const file = write('cdc-no-op.parquet', [id(3)]);
    await expectDmsFileError(
      () => readParquetFile(file, CDC_KEY),
      CDC_KEY,
      'a CDC file must have an "Op" column (I/U/D) and this one has none',
    );
  });

  it.each([
    ['X', '"Op" is "X", expected I, U or D'],
    ['u', '"Op" is "u", expected I, U or D'],
    ['', '"Op" is "", expected I, U or D'],
    [null, '"Op" is NULL, expected I, U or D'],
  ])('refuses the value %j, naming the file row', async (bad, message) => {
    const file = write(`bad-op-${String(bad)}.parquet`, [op(['I', 'U', 'D', bad, 'I']), id(5)]);
    await expectDmsFileError(() => readParquetFile(file, CDC_KEY), CDC_KEY, message, 3);
  });

  it('must be a string column', async () => {
    const file = write('op-int.parquet', [
      { element: { name: 'Op', type: 'INT32', repetition_type: 'REQUIRED' }, data: [1] },
    ]);
    await expectDmsFileError(() => readParquetFile(file, CDC_KEY), CDC_KEY, 'the "Op" column is INT32');
  });

  it('is matched by its exact name: a column "op" is data', async () => {
    const file = write('lower-op.parquet', [
      { element: { name: 'op', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }, data: ['x'] },
    ]);
    const { parquet, batches } = await readParquetFile(file, LOAD_KEY);
    expect(parquet.columns.map((c) => c.name)).toEqual(['op']);
    expect(batches[0]!.ops).toEqual(['I']);
  });

  it('is read in a full load that has it (IncludeOpForFullLoad), and full-load positions use phase 0', async () => {
    const file = write('load-with-op.parquet', [op(['I', 'I', 'I']), id(3)]);
    const { parquet, batches } = await readParquetFile(file, LOAD_KEY);
    expect(parquet.columns.map((c) => c.name)).toEqual(['id']);
    expect(batches.flatMap((b) => b.ops)).toEqual(['I', 'I', 'I']);
    expect(batches[1]!.positions[0]).toBe(`0${'0'.repeat(35)}${LOAD_ORDINAL}000000000002`);
  });
});

describe('the sequence column', () => {
  it('is required in CDC files when configured', async () => {
    const file = write('cdc-no-seq.parquet', [op(['I']), id(1)]);
    await expectDmsFileError(
      () => readParquetFile(file, CDC_KEY, { sequenceColumn: SEQ }),
      CDC_KEY,
      `the sequence column "${SEQ}" is missing from this CDC file`,
    );
  });

  it('may be missing from a full load: the sequence part of the position is zeros', async () => {
    const file = write('load-no-seq.parquet', [id(2)]);
    const { batches } = await readParquetFile(file, LOAD_KEY, { sequenceColumn: SEQ });
    expect(batches[0]!.positions).toEqual([
      `0${'0'.repeat(35)}${LOAD_ORDINAL}000000000000`,
      `0${'0'.repeat(35)}${LOAD_ORDINAL}000000000001`,
    ]);
  });

  it.each([
    ['NULL', null],
    ['empty', ''],
  ] as const)('may be %s in full-load rows, which have no change sequence yet', async (_, value) => {
    const file = write(`load-seq-${String(value)}.parquet`, [
      id(2),
      {
        element: { name: SEQ, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        data: [value, '7'],
      },
    ]);
    const { batches } = await readParquetFile(file, LOAD_KEY, { sequenceColumn: SEQ });
    expect(batches[0]!.positions).toEqual([
      `0${'0'.repeat(35)}${LOAD_ORDINAL}000000000000`,
      `0${'7'.padStart(35, '0')}${LOAD_ORDINAL}000000000001`,
    ]);
  });

  it.each([
    ['INT64', { type: 'INT64' }, [5n, 2n ** 63n - 1n], '9223372036854775807'],
    ['UINT_64', { type: 'INT64', converted_type: 'UINT_64' }, [5n, 2n ** 64n - 1n], '18446744073709551615'],
    ['INT32', { type: 'INT32' }, [5, 2147483647], '2147483647'],
  ] as const)('may be an integer column (%s)', async (label, element, data, last) => {
    const file = write(`seq-${label}.parquet`, [
      op(['I', 'U']),
      { element: { name: 'seq', repetition_type: 'REQUIRED', ...element }, data },
    ]);
    const { batches } = await readParquetFile(file, CDC_KEY, { sequenceColumn: 'seq' });
    const positions = batches.flatMap((b) => b.positions);
    expect(positions[0]).toBe(`1${'5'.padStart(35, '0')}${CDC_ORDINAL}000000000000`);
    expect(positions[1]).toBe(`1${last.padStart(35, '0')}${CDC_ORDINAL}000000000001`);
  });

  it.each([
    [null, 'sequence column "seq" is NULL, expected 1 to 35 decimal digits'],
    ['12a', 'sequence column "seq" is "12a", expected 1 to 35 decimal digits'],
    ['', 'sequence column "seq" is "", expected 1 to 35 decimal digits'],
    ['1'.repeat(36), `sequence column "seq" is "${'1'.repeat(36)}", expected 1 to 35 decimal digits`],
    [-3n, 'sequence column "seq" is "-3", expected 1 to 35 decimal digits'],
  ])('refuses the value %s, naming the file row', async (bad, message) => {
    const isInt = typeof bad === 'bigint';
    const file = write(`bad-seq-${String(bad).slice(0, 5)}.parquet`, [
      op(['I', 'U', 'U']),
      {
        element: isInt
          ? { name: 'seq', type: 'INT64', repetition_type: 'OPTIONAL' }
          : { name: 'seq', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        data: isInt ? [1n, 2n, bad] : ['1', '2', bad],
      },
    ]);
    await expectDmsFileError(() => readParquetFile(file, CDC_KEY, { sequenceColumn: 'seq' }), CDC_KEY, message, 2);
  });

  it('must be a string or integer column', async () => {
    const file = write('seq-double.parquet', [
      op(['I']),
      { element: { name: 'seq', type: 'DOUBLE', repetition_type: 'REQUIRED' }, data: [1.5] },
    ]);
    await expectDmsFileError(
      () => readParquetFile(file, CDC_KEY, { sequenceColumn: 'seq' }),
      CDC_KEY,
      'the sequence column "seq" is float64, expected a string or integer',
    );
  });
});
