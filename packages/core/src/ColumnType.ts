/**
 * The logical type of a column as ferry carries it between a DMS file and the sinks.
 *
 * Each kind fixes how its values are held in JS (see `ColumnValue`), so no sink ever has to guess:
 * - `int` with 64 bits (signed or not) is a `bigint`; narrower ints are `number`.
 * - `decimal` is a canonical decimal string with exactly `scale` fraction digits, e.g. `"-12.3400"`.
 * - `timestamp` is a `bigint` count of microseconds since 1970-01-01T00:00:00; `utc` says whether that is
 *   an instant (UTC) or a wall-clock reading with no zone (MySQL DATETIME). `precision` is the number of
 *   fraction digits the source kept (3 = millis, 6 = micros).
 * - `date` is a `number` of days since 1970-01-01; `time` is a `bigint` of microseconds since midnight.
 * - `bytes` is a `Uint8Array`; `string` is a JS string. `json` marks a string column that a warehouse holds in
 *   its JSON type (a mapping's `columns.json`): the values are still the JSON text; only the warehouse's column
 *   type differs, so every other sink treats it as the string it is. Set by the warehouse, never by a reader.
 */
export type ColumnType =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'int'; readonly bits: 8 | 16 | 32 | 64; readonly signed: boolean }
  | { readonly kind: 'float'; readonly bits: 32 | 64 }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'string'; readonly json?: true }
  | { readonly kind: 'bytes' }
  | { readonly kind: 'date' }
  | { readonly kind: 'time'; readonly precision: 3 | 6 }
  | { readonly kind: 'timestamp'; readonly precision: 3 | 6; readonly utc: boolean };

export type ColumnKind = ColumnType['kind'];
