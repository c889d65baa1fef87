import type { ColumnSpec, ColumnValue } from '@ferry/core';
import type { SchemaElement } from 'hyparquet';

/**
 * How one parquet column is read: its footer schema element (the physical layout), the ferry type it becomes,
 * and the conversion of its physical values (numbers, bigints, byte arrays: never hyparquet's lossy floats or
 * Dates) into ferry values.
 */
export interface ColumnPlan {
  readonly spec: ColumnSpec;
  readonly element: SchemaElement;
  /**
   * Converts `source` (physical values, `null` for NULL) into `out[at …]`. `firstRow` is the file row number of
   * `source[0]`, for errors. Throws `DmsFileError` naming the row when a value cannot be held exactly.
   */
  convert(source: ArrayLike<unknown>, out: ColumnValue[], at: number, firstRow: number): void;
  /**
   * The same conversion for a PLAIN page of byte-array values (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY), read in place:
   * row `r` of `rows` is `bytes[starts[r], ends[r])`, or NULL where `starts[r]` is -1. Spans never overlap and
   * ascend. Spares a view per value, which hyparquet's PLAIN decoding makes; absent where it would not help.
   */
  readonly convertSpans?: (
    bytes: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    rows: number,
    out: ColumnValue[],
    at: number,
    firstRow: number,
  ) => void;
}
