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
 * Wire format, version 2 (`packChangeRecords`, packed rows): byte 0 is `0x02`, the rest is raw DEFLATE
 * (RFC 1951, node:zlib `deflateRawSync`) of UTF-8 JSON holding the header once and then the rows:
 *
 *   {"s":source,"t":tableId,"f":fileKey,"k":[key column],"c":[[name,type],…],
 *    "r":[[op,position,value,…],…]}
 *
 * - `s`, `t`, `f`, `k`, `c`, type tags and value encoding are version 1's; each row is `[o, p, …v]`.
 * - every row of one record comes from one table, file and column set, in file order, and one bucket:
 *   the first 8 hex digits of the row's own `partitionKey` as an integer, mod the bucket count (64 by
 *   default). The record's partition key is `<first 16 hex of SHA-256 of JSON [source, tableId]>-<bucket>`,
 *   so every change of a row still reaches one shard in order while a file's rows bill as a few 1 KB units
 *   instead of about two each (FACTS.md §3). Changing the bucket count moves rows between keys: order
 *   across that change rests on the sinks' version guard.
 *
 * The version byte can never be `{`, so versions coexist on one stream; `decodeStreamRecord` reads both.
 * `version` below is the shape of the decoded object, the same whichever wire version carried it.
 */
export interface ChangeRecord {
  /** Always `CHANGE_RECORD_VERSION`: the shape of this object, whichever wire version carried it. */
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
