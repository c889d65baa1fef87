import type { ColumnType } from '@ferry/core';

/** Whether `value` is an integer inside the range of `type` (a `bigint` for 64 bits, a `number` below). */
export function fitsInt(type: Extract<ColumnType, { kind: 'int' }>, value: number | bigint): boolean {
  if (typeof value === 'number') {
    // Exact as doubles for every width up to 32 bits.
    const min = type.signed ? -(2 ** (type.bits - 1)) : 0;
    const max = type.signed ? 2 ** (type.bits - 1) - 1 : 2 ** type.bits - 1;
    return Number.isInteger(value) && value >= min && value <= max;
  }
  const bits = BigInt(type.bits);
  const min = type.signed ? -(1n << (bits - 1n)) : 0n;
  const max = type.signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  return value >= min && value <= max;
}
