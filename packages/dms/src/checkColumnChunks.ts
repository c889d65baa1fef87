import { DmsFileError } from '@ferry/core';
import type { FileMetaData } from 'hyparquet';
import type { ColumnPlan } from './ColumnPlan.js';

// What hyparquet-compressors decodes (LZO is in parquet's list but not among them).
const CODECS = new Set(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'ZSTD', 'LZ4', 'LZ4_RAW']);

/**
 * Refuses, before any row is read, column chunks the reader would misread or cannot read: chunks kept in
 * another file, codecs without a decompressor, and uint32 columns with DELTA_BINARY_PACKED encoding —
 * hyparquet 1.31.5 reads the first value of such a page as a 32-bit zigzag varint, so an unsigned value of
 * 2^31 or more written as a 64-bit zigzag (DuckDB does) comes out wrong, and so does the rest of the page.
 * DMS writes none of these.
 */
export function checkColumnChunks(metadata: FileMetaData, plans: readonly ColumnPlan[], key: string): void {
  const unsigned32 = new Set(
    plans
      .filter(({ spec: { type } }) => type.kind === 'int' && type.bits === 32 && !type.signed)
      .map((plan) => plan.spec.name),
  );
  for (const [g, group] of metadata.row_groups.entries()) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data!; // checked with the footer
      const name = meta.path_in_schema.join('.');
      if (chunk.file_path) {
        throw new DmsFileError(
          key,
          `column "${name}" of row group ${g} is stored in another file ("${chunk.file_path}"), which ferry does not support`,
        );
      }
      if (!CODECS.has(meta.codec)) {
        throw new DmsFileError(
          key,
          `column "${name}" is compressed with ${meta.codec}, which ferry cannot decompress`,
          {
            hint: 'DMS writes NONE or GZIP; snappy, zstd, brotli and lz4 work too',
          },
        );
      }
      if (unsigned32.has(name) && meta.encodings?.includes('DELTA_BINARY_PACKED')) {
        throw new DmsFileError(
          key,
          `column "${name}" is uint32 with DELTA_BINARY_PACKED encoding, which the parquet decoder misreads above 2^31`,
          { hint: 'Write the column with PLAIN or dictionary encoding (DMS does by default)' },
        );
      }
    }
  }
}
