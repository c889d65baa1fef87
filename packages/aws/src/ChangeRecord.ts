import type { ChangeOp, ColumnSpec, ColumnValue } from '@ferry/core';

/** The codec version `encodeChangeRecord` writes; `decodeChangeRecord` reads only the versions it knows. */
export const CHANGE_RECORD_VERSION = 1;

/**
 * One row change as it travels on Kinesis: which table, file and position it comes from, and the row itself
 * with its (target) columns, typed. Values follow core's `ColumnType` representation exactly.
 *
 * Wire format, version 1 (`encodeChangeRecord`): byte 0 is the version (`0x01`), the rest is UTF-8 JSON
 *
 *   {"s":source,"t":tableId,"f":fileKey,"o":"I"|"U"|"D","p":position,"k":[key column],
 *    "c":[[name,type],…],"v":[value,…]}
 *
 * - type tags: `bool`, `i8` `i16` `i32` `i64`, `u8` `u16` `u32` `u64`, `f32` `f64`, `dec(P,S)`, `str`,
 *   `bytes`, `date`, `time(3|6)`, `ts(3|6)` (wall clock), `tsz(3|6)` (UTC).
 * - values: `null` is NULL in every type; bigint values (64-bit ints, `time`, `timestamp`) are decimal
 *   strings; decimals their canonical string; bytes standard base64; narrower ints and dates JSON numbers;
 *   floats JSON numbers, except `"NaN"`, `"Infinity"`, `"-Infinity"` and `"-0"`, which JSON cannot hold.
 *
 * The version byte can never be `{`, so a later codec (binary, or packed rows) can coexist on one stream.
 */
export interface ChangeRecord {
  readonly version: typeof CHANGE_RECORD_VERSION;
  /** The mapping source (`brand-a`). */
  readonly source: string;
  /** The table mapping's id, `<source>:<schema>.<table>`. */
  readonly tableId: string;
  /** The DMS object key the row was read from. */
  readonly fileKey: string;
  readonly op: ChangeOp;
  /** The row's position (core `position`), 66 digits. */
  readonly position: string;
  /** Target names of the columns that identify the row; each is one of `columns`. */
  readonly keyColumns: readonly string[];
  readonly columns: readonly ColumnSpec[];
  /** `values[i]` is the value of `columns[i]`. */
  readonly values: readonly ColumnValue[];
}
