import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DmsFileError } from '@ferry/core';
import { parquetHeader } from 'hyparquet/src/column.js';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { type ByteSource, bytesByteSource, openDmsParquet, parseDmsKey } from '../src/index.js';
import { catchError } from './support/catchError.js';
import { readAll } from './support/readAll.js';
import { tempDir } from './support/tempDir.js';
import { type WrittenColumn, writeParquet } from './support/writeParquet.js';

const path = tempDir('bad');
const REAL = readFileSync(
  fileURLToPath(new URL('../../../../shared/fixtures/dms/real-postgres-LOAD00000001.parquet', import.meta.url)),
);
const KEY = 'dms/test/shop/orders/LOAD00000001.parquet';
const FILE = parseDmsKey(KEY, { source: 'test', prefix: 'dms/test/' });

const COLUMNS: WrittenColumn[] = [
  {
    element: { name: 'id', type: 'INT64', repetition_type: 'REQUIRED' },
    data: Array.from({ length: 500 }, (_, i) => BigInt(i)),
  },
  {
    element: { name: 'name', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
    data: Array.from({ length: 500 }, (_, i) => `name ${i} ${'x'.repeat(i % 17)}`),
  },
];

/** Opens `bytes` as the DMS file and reads every row group; returns what was thrown. */
async function readBytes(bytes: Uint8Array, file = FILE): Promise<unknown> {
  return catchError(async () => readAll(await openDmsParquet(bytesByteSource(bytes), file)));
}

function expectDmsFileError(error: unknown, reason: string | RegExp, key = KEY): void {
  expect(error).toBeInstanceOf(DmsFileError);
  const e = error as DmsFileError;
  expect(e.fileKey).toBe(key);
  expect(e.retryable).toBe(false);
  expect(e.message.startsWith(`${key}: `)).toBe(true);
  expect(e.message).toMatch(reason);
}

/** The written file's bytes after `patch` changed its footer metadata (row groups, counts) before it was written. */
function patchedFooter(patch: (writer: ParquetWriter) => void): Uint8Array {
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({
    writer,
    schema: [{ name: 'schema', num_children: COLUMNS.length }, ...COLUMNS.map((c) => c.element)],
    codec: 'SNAPPY',
  });
  parquet.write({ columnData: COLUMNS.map((c) => ({ name: c.element.name, data: [...c.data] })) });
  patch(parquet);
  parquet.finish();
  return writer.getBytes();
}

describe('input that is not a readable parquet file is a DmsFileError naming the file', () => {
  it('a zero-byte file', async () => {
    expectDmsFileError(await readBytes(new Uint8Array()), 'not a parquet file: the file is empty (0 bytes)');
  });

  it('a file that is not parquet (CSV bytes under a .parquet name)', async () => {
    const csv = new TextEncoder().encode('id,name\n1,a\n2,b\n');
    expectDmsFileError(await readBytes(csv), 'not a parquet file: missing PAR1 magic at the start (16 bytes)');
  });

  it('a parquet file gzipped as a whole', async () => {
    const error = await readBytes(gzipSync(REAL));
    expectDmsFileError(error, 'not a parquet file: the whole file is gzip-compressed');
  });

  it('a file holding only the leading magic', async () => {
    expectDmsFileError(await readBytes(REAL.subarray(0, 4)), 'truncated: 4 bytes cannot hold a parquet footer');
  });

  it.each([
    ['half the file', Math.floor(REAL.length / 2)],
    ['all but the last byte', REAL.length - 1],
    ['all but the footer magic', REAL.length - 4],
  ])('a truncated file: %s', async (_, length) => {
    const error = await readBytes(REAL.subarray(0, length));
    expectDmsFileError(error, `truncated: missing PAR1 magic at the end, so the footer is lost (${length} bytes)`);
  });

  it('a footer length larger than the file', async () => {
    const bytes = Uint8Array.from(REAL);
    new DataView(bytes.buffer).setUint32(bytes.length - 8, 0x7fffffff, true);
    expectDmsFileError(
      await readBytes(bytes),
      `truncated: footer length 2147483647 exceeds the ${REAL.length - 12} bytes`,
    );
  });

  it('a corrupt footer', async () => {
    const bytes = Uint8Array.from(REAL);
    const footerLength = new DataView(bytes.buffer).getUint32(bytes.length - 8, true);
    bytes.fill(0xff, bytes.length - 8 - footerLength, bytes.length - 8);
    const error = await readBytes(bytes);
    expectDmsFileError(error, /^.*: corrupt parquet footer: /);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('a footer whose column chunk runs past the data', async () => {
    const bytes = patchedFooter((p) => {
      p.row_groups[0]!.columns[1]!.meta_data!.total_compressed_size += 100_000n;
    });
    expectDmsFileError(
      await readBytes(bytes),
      /truncated or corrupt: column "name" of row group 0 spans bytes \d+–\d+, outside the data/,
    );
  });

  it('a footer whose row count disagrees with its row groups', async () => {
    const bytes = patchedFooter((p) => {
      p.num_rows += 1n;
    });
    expectDmsFileError(await readBytes(bytes), 'corrupt parquet footer: row groups hold 500 rows, the footer says 501');
  });

  it('a column compressed with a codec ferry cannot decompress (LZO)', async () => {
    const bytes = patchedFooter((p) => {
      p.row_groups[0]!.columns[1]!.meta_data!.codec = 'LZO';
    });
    expectDmsFileError(await readBytes(bytes), 'column "name" is compressed with LZO, which ferry cannot decompress');
  });

  it('a column chunk kept in another file', async () => {
    const bytes = patchedFooter((p) => {
      p.row_groups[0]!.columns[0]!.file_path = 'part-2.parquet';
    });
    expectDmsFileError(
      await readBytes(bytes),
      'column "id" of row group 0 is stored in another file ("part-2.parquet"), which ferry does not support',
    );
  });

  it('corrupt page data (uncompressed, garbage page headers)', async () => {
    const bytes = writeParquet(path('garbage.parquet'), COLUMNS, { codec: 'UNCOMPRESSED' });
    const footerLength = new DataView(bytes.buffer).getUint32(bytes.length - 8, true);
    bytes.fill(0xab, 4, bytes.length - 8 - footerLength);
    const error = await readBytes(bytes);
    expectDmsFileError(error, /^.*: corrupt parquet data/);
  });

  it('corrupt compressed bytes (snappy)', async () => {
    const bytes = writeParquet(path('snappy.parquet'), COLUMNS, { codec: 'SNAPPY' });
    const footerLength = new DataView(bytes.buffer).getUint32(bytes.length - 8, true);
    const dataEnd = bytes.length - 8 - footerLength;
    // Keep the first page header readable: smash the middle of the column data.
    bytes.fill(0xff, 40, dataEnd - 40);
    const error = await readBytes(bytes);
    expectDmsFileError(error, /^.*: corrupt parquet data/);
  });

  it('a corrupt run header claiming a quarter-billion NULL flags (fails fast, does not fill them)', async () => {
    const bytes = writeParquet(path('levels.parquet'), [
      {
        element: { name: 'n', type: 'INT32', repetition_type: 'OPTIONAL' },
        data: Array.from({ length: 200 }, (_, i) => (i % 2 ? i : null)),
      },
    ]);
    // The first page header sits at byte 4; its definition levels come right after it (data page v2).
    const reader = { view: new DataView(bytes.buffer), offset: 4 };
    const header = parquetHeader(reader);
    expect(header.type).toBe('DATA_PAGE_V2');
    expect(header.data_page_header_v2!.definition_levels_byte_length).toBeGreaterThan(6);
    bytes.set([0x80, 0x80, 0x80, 0x80, 0x02, 0x01], reader.offset); // RLE run of 2^28 values
    const error = await readBytes(bytes);
    expectDmsFileError(
      error,
      'corrupt parquet data in column "n" of row group 0: an RLE/bit-packed run of 268435456 values in a page of at most 200',
    );
  });

  it('a page that holds fewer values than its row group says', async () => {
    const bytes = patchedFooter((p) => {
      p.row_groups[0]!.num_rows += 10n;
      p.num_rows += 10n;
    });
    expectDmsFileError(
      await readBytes(bytes),
      'corrupt parquet data in column "id" of row group 0: pages end after 500 of 510 rows',
    );
  });
});

describe('what is refused before any byte is read', () => {
  const untouchable: ByteSource = {
    byteLength: 100,
    slice() {
      throw new Error('read');
    },
  };

  it('a CSV file: "CSV is not supported yet"', async () => {
    const key = 'dms/test/shop/orders/20221023-013830913.csv.gz';
    const csv = parseDmsKey(key, { source: 'test', prefix: 'dms/test/' });
    const error = await catchError(() => openDmsParquet(untouchable, csv));
    expectDmsFileError(error, 'CSV is not supported yet', key);
  });
});

describe('errors of the byte source itself (I/O) are not file errors', () => {
  it('pass through unchanged while the footer is read', async () => {
    const down = new Error('network down');
    const source: ByteSource = { byteLength: REAL.length, slice: () => Promise.reject(down) };
    expect(await catchError(() => openDmsParquet(source, FILE))).toBe(down);
  });

  it('pass through unchanged while a row group is read', async () => {
    const down = new Error('connection reset');
    const real = bytesByteSource(REAL);
    // Serves the footer (the tail and the magic), fails the column chunks.
    const source: ByteSource = {
      byteLength: REAL.length,
      slice: (start, end) =>
        start === 0 || start >= REAL.length - 4096 ? real.slice(start, end) : Promise.reject(down),
    };
    const parquet = await openDmsParquet(source, FILE);
    expect(await catchError(() => readAll(parquet))).toBe(down);
  });
});
