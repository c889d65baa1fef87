import {
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTimeValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import { type ColumnType, type ColumnValue, canonicalText } from '@ferry/core';

/**
 * A value read from DuckDB as core `canonicalText` of the logical type `type`, without passing decimals or
 * 64-bit integers through a JS number. A decimal stored at a larger scale than `type` (the column was widened)
 * prints at `type`'s scale when that is exact, else with every stored digit.
 */
export function duckDbCanonicalText(type: ColumnType, value: DuckDBValue): string | null {
  if (value === null) return null;
  return canonicalText(type, toColumnValue(type, value));
}

function toColumnValue(type: ColumnType, value: Exclude<DuckDBValue, null>): ColumnValue {
  if (value instanceof DuckDBDecimalValue)
    return decimalText(value, type.kind === 'decimal' ? type.scale : value.scale);
  if (value instanceof DuckDBBlobValue) return value.bytes;
  if (value instanceof DuckDBDateValue) return value.days;
  if (value instanceof DuckDBTimeValue) return value.micros;
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) return value.micros;
  if (
    typeof value === 'boolean' ||
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'string'
  ) {
    return value;
  }
  throw new TypeError(`cannot read a DuckDB ${value.constructor.name} as ${type.kind}`);
}

function decimalText(value: DuckDBDecimalValue, scale: number): string {
  if (scale >= value.scale) {
    return new DuckDBDecimalValue(value.value * 10n ** BigInt(scale - value.scale), value.width, scale).toString();
  }
  const factor = 10n ** BigInt(value.scale - scale);
  return value.value % factor === 0n
    ? new DuckDBDecimalValue(value.value / factor, value.width, scale).toString()
    : value.toString();
}
