import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { SchemaElement } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';

export interface WrittenColumn {
  /** The column's schema element exactly as it goes into the footer (no inference). */
  readonly element: SchemaElement;
  readonly data: readonly unknown[];
  /** Forces the column's encoding (e.g. `PLAIN`, so no dictionary is chosen). */
  readonly encoding?: 'PLAIN';
}

/**
 * Writes a parquet file with hyparquet-writer and an explicit schema, so the footer carries exactly the
 * annotations given (legacy converted types only, logical types, …). Returns the bytes too.
 */
export function writeParquet(
  path: string,
  columns: readonly WrittenColumn[],
  options: { codec?: 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP'; rowGroupSize?: number; pageSize?: number } = {},
): Uint8Array {
  const buffer = parquetWriteBuffer({
    schema: [{ name: 'schema', num_children: columns.length }, ...columns.map((c) => c.element)],
    columnData: columns.map((c) => ({
      name: c.element.name,
      data: [...c.data],
      ...(c.encoding === undefined ? {} : { encoding: c.encoding }),
    })),
    codec: options.codec ?? 'UNCOMPRESSED',
    compressors: { GZIP: (input: Uint8Array) => gzipSync(input) },
    ...(options.rowGroupSize === undefined ? {} : { rowGroupSize: options.rowGroupSize }),
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
  });
  const bytes = new Uint8Array(buffer);
  writeFileSync(path, bytes);
  return bytes;
}
