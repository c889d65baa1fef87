/**
 * One cell. `null` is SQL NULL. Which JS type a non-null value has is fixed by its column's `ColumnType`
 * (see there): never a float for a decimal, never a `number` for a 64-bit integer.
 */
export type ColumnValue = null | boolean | number | bigint | string | Uint8Array;
