import {
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTimeValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import { formatDate, formatTimeOfDay, formatTimestamp } from '@ferry/core';

/**
 * One cell of `ferry query` (core `QueryResult`): booleans and JS numbers where DuckDB's value is a boolean,
 * an integer of at most 32 bits or a float; strings for everything else, in the same text forms as core
 * `canonicalText` (decimals with their scale, all digits of 64-bit integers, timestamps with 6 fraction
 * digits and `Z` when TIMESTAMPTZ, bytes as `\x` hex). Other types (lists, intervals, …) print as DuckDB does.
 */
export function duckDbQueryCell(value: DuckDBValue): string | number | boolean | null {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') {
    return value;
  }
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof DuckDBDecimalValue) return value.toString();
  if (value instanceof DuckDBBlobValue) return `\\x${Buffer.from(value.bytes).toString('hex')}`;
  if (value instanceof DuckDBDateValue) return value.isFinite ? formatDate(value.days) : value.toString();
  if (value instanceof DuckDBTimeValue) return formatTimeOfDay(value.micros, 6);
  if (value instanceof DuckDBTimestampTZValue)
    return value.isFinite ? `${formatTimestamp(value.micros, 6)}Z` : value.toString();
  if (value instanceof DuckDBTimestampValue)
    return value.isFinite ? formatTimestamp(value.micros, 6) : value.toString();
  return String(value);
}
