import { gzipSync } from 'node:zlib';
import type { ColumnValue } from '@ferry/core';
import type { ColumnSource, SchemaElement, Writer } from 'hyparquet-writer';
import { ByteWriter, fileWriter, ParquetWriter } from 'hyparquet-writer';
import type { DmsColumn } from './DmsColumn.js';
import type { DmsParquetOptions } from './DmsParquetOptions.js';
import { ConversionCache, dmsPhysicalValues } from './dmsPhysicalValues.js';

/** DMS's `RowGroupLength` default (FACTS.md §1). */
export const DMS_ROW_GROUP_LENGTH = 10_024;

const CODECS = { none: 'UNCOMPRESSED', snappy: 'SNAPPY', gzip: 'GZIP' } as const;

/**
 * Writes a parquet file the way AWS DMS does (FACTS.md §1): a root named `schema`, legacy converted types
 * only (no logical types), OPTIONAL columns unless told otherwise, no statistics on byte-array and decimal
 * columns, uncompressed unless asked. Row groups are streamed, so a million-row file never sits in memory
 * whole. (hyparquet-writer writes v2 data pages where DMS writes v1; readers handle both.)
 *
 * @example
 * const w = DmsParquetWriter.toFile('LOAD00000001.parquet', schema);
 * w.write(columnValues); // values[c][r], as many calls as needed
 * w.finish();
 */
export class DmsParquetWriter {
  readonly #columns: readonly Omit<DmsColumn, 'values'>[];
  readonly #writer: Writer;
  readonly #parquet: ParquetWriter;
  readonly #rowGroupSize: number;
  readonly #inMemory: boolean;
  readonly #dictionary: boolean;
  readonly #caches: ConversionCache[];

  private constructor(
    writer: Writer,
    inMemory: boolean,
    columns: readonly Omit<DmsColumn, 'values'>[],
    options: DmsParquetOptions,
  ) {
    if (columns.length === 0) throw new RangeError('a parquet file needs at least one column');
    const names = new Set<string>();
    for (const c of columns) {
      if (names.has(c.name)) throw new RangeError(`column ${c.name} appears twice`);
      names.add(c.name);
    }
    this.#columns = columns;
    this.#caches = columns.map(() => new ConversionCache());
    this.#writer = writer;
    this.#inMemory = inMemory;
    this.#dictionary = options.dictionary ?? false;
    this.#rowGroupSize = options.rowGroupSize ?? DMS_ROW_GROUP_LENGTH;
    if (!Number.isSafeInteger(this.#rowGroupSize) || this.#rowGroupSize < 1) {
      throw new RangeError(`rowGroupSize must be a positive integer, got ${this.#rowGroupSize}`);
    }
    const schema: SchemaElement[] = [
      { name: 'schema', num_children: columns.length, repetition_type: 'REQUIRED' },
      ...columns.map((c) => ({ repetition_type: 'OPTIONAL' as const, ...c.element, name: c.name })),
    ];
    this.#parquet = new ParquetWriter({
      writer,
      schema,
      codec: CODECS[options.compression ?? 'none'],
      compressors: { GZIP: (input) => gzipSync(input) },
      createdBy: 'ferry testkit (AWS DMS layout)',
    });
  }

  /** A writer that streams into the file at `path` (created or truncated; its folder must exist). */
  static toFile(
    path: string,
    columns: readonly Omit<DmsColumn, 'values'>[],
    options: DmsParquetOptions = {},
  ): DmsParquetWriter {
    return new DmsParquetWriter(fileWriter(path), false, columns, options);
  }

  /** A writer into memory; `finish()` returns the bytes. */
  static toBuffer(columns: readonly Omit<DmsColumn, 'values'>[], options: DmsParquetOptions = {}): DmsParquetWriter {
    return new DmsParquetWriter(new ByteWriter(), true, columns, options);
  }

  /**
   * Appends rows, `values[c][r]` for column `c` in the order given at construction, in row groups of
   * `rowGroupSize` (each call starts a new row group).
   */
  write(values: readonly (readonly ColumnValue[])[]): void {
    if (values.length !== this.#columns.length) {
      throw new RangeError(`expected ${this.#columns.length} columns of values, got ${values.length}`);
    }
    const rows = values[0]?.length ?? 0;
    const columnData: ColumnSource[] = this.#columns.map((c, i) => {
      const v = values[i] ?? [];
      if (v.length !== rows) throw new RangeError(`column ${c.name} has ${v.length} values, expected ${rows}`);
      const physical = c.element.type === 'BYTE_ARRAY' || c.element.type === 'FIXED_LEN_BYTE_ARRAY';
      return {
        name: c.name,
        data: dmsPhysicalValues(c.name, c.element, v, this.#caches[i]) as ColumnSource['data'],
        // DMS writes no statistics for byte-array and decimal columns (see the real file's footer).
        statistics: !physical,
        ...(this.#dictionary ? {} : { encoding: 'PLAIN' as const }),
      };
    });
    if (rows === 0) return;
    const done = this.#parquet.write({ columnData, rowGroupSize: this.#rowGroupSize });
    if (done) throw new Error('hyparquet-writer went asynchronous; the DMS writer expects a synchronous writer');
  }

  /** Writes the footer. For a buffer writer, returns the file's bytes. */
  finish(): Uint8Array | undefined {
    this.#parquet.finish();
    return this.#inMemory ? new Uint8Array(this.#writer.getBuffer()) : undefined;
  }
}
