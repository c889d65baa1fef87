import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ByteSource, bytesByteSource, fileByteSource, openDmsParquet, parseDmsKey } from '../src/index.js';
import { catchError } from './support/catchError.js';
import { readAll } from './support/readAll.js';
import { tempDir } from './support/tempDir.js';
import { writeParquet } from './support/writeParquet.js';

const path = tempDir('sources');
const FIXTURE = fileURLToPath(
  new URL('../../../../shared/fixtures/dms/real-postgres-LOAD00000001.parquet', import.meta.url),
);
const REAL = readFileSync(FIXTURE);
const FILE = parseDmsKey('dms/test/s/t/LOAD00000001.parquet', { source: 'test', prefix: 'dms/test/' });

const RANGES: [number, number | undefined][] = [
  [0, 4],
  [100, 1100],
  [REAL.length - 8, undefined],
  [REAL.length - 8, REAL.length + 100],
  [50, 50],
  [0, undefined],
];

describe('fileByteSource', () => {
  it('reads exactly the ranges asked for', async () => {
    const source = await fileByteSource(FIXTURE);
    try {
      expect(source.byteLength).toBe(REAL.length);
      for (const [start, end] of RANGES) {
        const got = new Uint8Array(await source.slice(start, end));
        expect(got, `${start}-${end}`).toEqual(new Uint8Array(REAL.subarray(start, end)));
      }
    } finally {
      await source.close();
    }
  });

  it('fails to read once closed, and fails to open a missing file', async () => {
    const source = await fileByteSource(FIXTURE);
    await source.close();
    expect(await catchError(() => source.slice(0, 4))).toBeInstanceOf(Error);
    const missing = await catchError(() => fileByteSource(path('missing.parquet')));
    expect((missing as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});

describe('bytesByteSource', () => {
  it('returns copies of the ranges, also for a pooled Node Buffer', async () => {
    const pooled = Buffer.from(REAL.subarray(0, 64)); // small Buffers share one pool ArrayBuffer
    expect(pooled.buffer.byteLength).toBeGreaterThan(64);
    const source = bytesByteSource(pooled);
    const got = await source.slice(10, 20);
    expect(got.byteLength).toBe(10);
    expect(new Uint8Array(got)).toEqual(new Uint8Array(pooled.subarray(10, 20)));
    new Uint8Array(got).fill(0);
    expect(pooled[10]).toBe(REAL[10]);
  });
});

describe('reading row group by row group', () => {
  const GROUPS = 4;
  const GROUP_ROWS = 20_000;

  function bigFile(): string {
    const rows = GROUPS * GROUP_ROWS;
    const file = path('groups.parquet');
    writeParquet(
      file,
      [
        {
          element: { name: 'id', type: 'INT64', repetition_type: 'REQUIRED' },
          data: Array.from({ length: rows }, (_, i) => BigInt(i)),
        },
        {
          element: { name: 'note', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
          data: Array.from({ length: rows }, (_, i) => `row ${i} ${(i * 2654435761) % 4294967296}`),
        },
      ],
      { codec: 'UNCOMPRESSED', rowGroupSize: GROUP_ROWS },
    );
    return file;
  }

  /** Wraps a source, recording every range read. */
  function recording(source: ByteSource): ByteSource & { reads: number[] } {
    const reads: number[] = [];
    return {
      byteLength: source.byteLength,
      reads,
      slice(start, end = source.byteLength) {
        reads.push(end - start);
        return source.slice(start, end);
      },
    };
  }

  it('never reads the whole file at once, and yields a row group before reading the rest', async () => {
    const file = bigFile();
    const source = await fileByteSource(file);
    try {
      const recorded = recording(source);
      const parquet = await openDmsParquet(recorded, FILE);
      expect(parquet.rowGroupCount).toBe(GROUPS);
      let readBeforeFirst = -1;
      let rows = 0;
      for await (const batch of parquet.rowGroups()) {
        if (readBeforeFirst < 0) readBeforeFirst = recorded.reads.reduce((a, b) => a + b, 0);
        expect(batch.firstRow).toBe(rows);
        rows += batch.rowCount;
      }
      expect(rows).toBe(GROUPS * GROUP_ROWS);
      expect(Math.max(...recorded.reads)).toBeLessThan(source.byteLength / 2);
      expect(readBeforeFirst).toBeLessThan(source.byteLength / 2);
    } finally {
      await source.close();
    }
  });

  it('starts a fresh read on each rowGroups() call', async () => {
    const parquet = await openDmsParquet(bytesByteSource(REAL), FILE);
    const first = await readAll(parquet);
    const second = await readAll(parquet);
    expect(second).toEqual(first);
    expect(second[0]).not.toBe(first[0]);
  });
});
