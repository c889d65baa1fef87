import { type ColumnType, type ColumnValue, formatDate, formatTimeOfDay, formatTimestamp } from '@ferry/core';
import type { SnowflakeBind } from './SnowflakeBind.js';

const DECIMAL_TEXT = /^-?\d+(?:\.\d+)?$/;

/**
 * One non-null ferry value of a file column, as the bind that a staging column of type `target` takes. Text
 * everywhere, so nothing passes through a JS number: decimals as their string, 64-bit integers as digits,
 * bytes as hex (`BINARY_INPUT_FORMAT` HEX, Snowflake's default), timestamps as ISO text with six fraction
 * digits (`+00:00` for instants, none for wall-clock readings), dates and times as ISO. Throws a `TypeError`
 * naming the mismatch for a value of the wrong JS type; the caller adds the file and row.
 */
export function snowflakeBindValue(target: ColumnType, value: Exclude<ColumnValue, null>): SnowflakeBind {
  switch (target.kind) {
    case 'boolean':
      if (typeof value !== 'boolean') throw new TypeError(`expected a boolean, got ${typeof value}`);
      return value;
    case 'int':
      if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))) {
        return String(value);
      }
      throw new TypeError(`expected an integer, got ${typeof value}`);
    case 'float':
      if (typeof value !== 'number') throw new TypeError(`expected a number, got ${typeof value}`);
      if (Number.isNaN(value)) return 'NaN';
      if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
      return String(value);
    case 'decimal':
      // A narrower int column widened to decimal arrives as an integer.
      if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))) {
        return String(value);
      }
      if (typeof value !== 'string' || !DECIMAL_TEXT.test(value)) {
        throw new TypeError(
          `expected a decimal string, got ${typeof value === 'string' ? JSON.stringify(value) : typeof value}`,
        );
      }
      if ((value.split('.')[1] ?? '').length > target.scale) {
        throw new RangeError(`${value} has more than ${target.scale} fraction digits`);
      }
      return value;
    case 'string':
      if (typeof value !== 'string') throw new TypeError(`expected a string, got ${typeof value}`);
      return value;
    case 'bytes':
      if (!(value instanceof Uint8Array)) throw new TypeError(`expected bytes (Uint8Array), got ${typeof value}`);
      return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
    case 'date':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw new TypeError(`expected a day number, got ${typeof value}`);
      }
      return formatDate(value);
    case 'time':
      if (typeof value !== 'bigint') throw new TypeError(`expected microseconds as bigint, got ${typeof value}`);
      return formatTimeOfDay(value, 6);
    case 'timestamp':
      if (typeof value !== 'bigint') throw new TypeError(`expected microseconds as bigint, got ${typeof value}`);
      return `${formatTimestamp(value, 6)}${target.utc ? '+00:00' : ''}`;
  }
}
