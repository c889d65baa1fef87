import { DmsFileError } from '@ferry/core';
import { type FileMetaData, parquetMetadata } from 'hyparquet';
import type { ByteSource } from './ByteSource.js';
import { errorMessage } from './errorMessage.js';

const PAR1 = 0x31524150; // "PAR1" read as a little-endian uint32
const TAIL_BYTES = 1 << 16; // most footers fit: one read instead of two

/**
 * Reads and checks a parquet file's footer: the magic at both ends, the footer length, the footer itself and
 * that every column chunk lies inside the file. Each failure is a `DmsFileError` saying which of these is
 * wrong, so a zero-byte, truncated or non-parquet file is named as such, not as a decoder crash. Errors of
 * the `ByteSource` itself (I/O) pass through unchanged.
 */
export async function readParquetFooter(source: ByteSource, fileKey: string): Promise<FileMetaData> {
  const size = source.byteLength;
  if (size === 0) throw new DmsFileError(fileKey, 'not a parquet file: the file is empty (0 bytes)');
  const head = new Uint8Array(await source.slice(0, Math.min(size, 4)));
  if (head[0] === 0x1f && head[1] === 0x8b) {
    throw new DmsFileError(fileKey, 'not a parquet file: the whole file is gzip-compressed', {
      hint: 'DMS compresses parquet inside the file (CompressionType); a gzipped .parquet.gz is not supported',
    });
  }
  if (head.length < 4 || new DataView(head.buffer).getUint32(0, true) !== PAR1) {
    throw new DmsFileError(fileKey, `not a parquet file: missing PAR1 magic at the start (${size} bytes)`);
  }
  if (size < 12) {
    throw new DmsFileError(fileKey, `truncated: ${size} bytes cannot hold a parquet footer`);
  }
  const tailStart = Math.max(0, size - TAIL_BYTES);
  let tail = await source.slice(tailStart, size);
  const view = new DataView(tail);
  if (view.getUint32(tail.byteLength - 4, true) !== PAR1) {
    throw new DmsFileError(fileKey, `truncated: missing PAR1 magic at the end, so the footer is lost (${size} bytes)`);
  }
  const footerLength = view.getUint32(tail.byteLength - 8, true);
  if (footerLength > size - 12) {
    throw new DmsFileError(
      fileKey,
      `truncated: footer length ${footerLength} exceeds the ${size - 12} bytes between the magics`,
    );
  }
  if (footerLength + 8 > tail.byteLength) {
    tail = await source.slice(size - footerLength - 8, size);
  }

  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(tail, { geoparquet: false });
  } catch (cause) {
    throw new DmsFileError(fileKey, `corrupt parquet footer: ${errorMessage(cause)}`, { cause });
  }

  // The footer is thrift: a corrupt one can decode into fields of any type, so nothing is taken on trust.
  let problem: string | undefined;
  try {
    problem = footerProblem(metadata, size - 8 - footerLength);
  } catch (cause) {
    throw new DmsFileError(fileKey, `corrupt parquet footer: ${errorMessage(cause)}`, { cause });
  }
  if (problem !== undefined) throw new DmsFileError(fileKey, problem);
  return metadata;
}

function footerProblem(metadata: FileMetaData, dataEnd: number): string | undefined {
  if (!Array.isArray(metadata.schema) || metadata.schema.length < 2 || !Array.isArray(metadata.row_groups)) {
    return 'corrupt parquet footer: no schema or no row groups';
  }
  if (typeof metadata.num_rows !== 'bigint') return 'corrupt parquet footer: no row count';
  let rows = 0n;
  for (const [g, group] of metadata.row_groups.entries()) {
    if (typeof group.num_rows !== 'bigint' || group.num_rows < 0n || !Array.isArray(group.columns)) {
      return `corrupt parquet footer: row group ${g} has no row count or no columns`;
    }
    rows += group.num_rows;
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (
        !meta ||
        !Array.isArray(meta.path_in_schema) ||
        typeof meta.path_in_schema[0] !== 'string' ||
        typeof meta.type !== 'string' ||
        typeof meta.codec !== 'string' ||
        typeof meta.total_compressed_size !== 'bigint' ||
        typeof meta.data_page_offset !== 'bigint'
      ) {
        return `corrupt parquet footer: row group ${g} has a column without complete metadata`;
      }
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      if (!(start >= 4 && end >= start && end <= dataEnd)) {
        return `truncated or corrupt: column "${meta.path_in_schema.join('.')}" of row group ${g} spans bytes ${start}–${end}, outside the data (bytes 4–${dataEnd})`;
      }
    }
  }
  if (rows !== metadata.num_rows) {
    return `corrupt parquet footer: row groups hold ${rows} rows, the footer says ${metadata.num_rows}`;
  }
  return undefined;
}
