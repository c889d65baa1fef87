import {
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTimeValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { ColumnType, ColumnValue } from '@ferry/core';

/** Converts one non-null value to what a DuckDB vector of the target column takes; throws a reason otherwise. */
export type DuckDbEncode = (value: Exclude<ColumnValue, null>) => DuckDBValue;

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * The encoder for values of a file column typed `incoming` into a DuckDB column holding `target`, where
 * `incoming` is the same as or fits `target` (core `columnTypeChange`). Exact: decimals go from their
 * canonical string to a scaled bigint, 64-bit integers stay bigints, timestamps and times stay microsecond
 * bigints; narrower incoming values are widened without loss (int → bigint, fewer fraction digits → more).
 */
export function duckDbEncoder(target: ColumnType, incoming: ColumnType): DuckDbEncode {
  switch (target.kind) {
    case 'boolean':
      return (v) => {
        if (typeof v !== 'boolean') throw new TypeError(`expected a boolean, got ${typeof v}`);
        return v;
      };
    case 'int':
      if (target.bits === 64) {
        return (v) => {
          if (typeof v === 'bigint') return v;
          if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
          throw new TypeError(`expected a 64-bit integer as bigint, got ${typeof v}`);
        };
      }
      return (v) => {
        if (typeof v !== 'number' || !Number.isInteger(v))
          throw new TypeError(`expected an integer number, got ${typeof v}`);
        return v;
      };
    case 'float':
      return (v) => {
        if (typeof v !== 'number') throw new TypeError(`expected a number, got ${typeof v}`);
        return v;
      };
    case 'decimal': {
      const { precision, scale } = target;
      const limit = 10n ** BigInt(precision);
      const check = (scaled: bigint) => {
        if (scaled >= limit || -scaled >= limit)
          throw new RangeError(`value does not fit decimal(${precision},${scale})`);
        return new DuckDBDecimalValue(scaled, precision, scale);
      };
      if (incoming.kind === 'int') {
        const factor = 10n ** BigInt(scale);
        return (v) => {
          if (typeof v === 'bigint') return check(v * factor);
          if (typeof v === 'number' && Number.isSafeInteger(v)) return check(BigInt(v) * factor);
          throw new TypeError(`expected an integer, got ${typeof v}`);
        };
      }
      return (v) => {
        const match = typeof v === 'string' ? DECIMAL_TEXT.exec(v) : null;
        if (match === null)
          throw new TypeError(`expected a decimal string, got ${typeof v === 'string' ? JSON.stringify(v) : typeof v}`);
        const fraction = match[3] ?? '';
        if (fraction.length > scale) throw new RangeError(`${v} has more than ${scale} fraction digits`);
        const digits = BigInt(`${match[1]}${match[2]}${fraction.padEnd(scale, '0')}`);
        return check(digits);
      };
    }
    case 'string':
      return (v) => {
        if (typeof v !== 'string') throw new TypeError(`expected a string, got ${typeof v}`);
        return v;
      };
    case 'bytes':
      return (v) => {
        if (!(v instanceof Uint8Array)) throw new TypeError(`expected bytes (Uint8Array), got ${typeof v}`);
        return new DuckDBBlobValue(v);
      };
    case 'date':
      return (v) => {
        if (typeof v !== 'number' || !Number.isInteger(v))
          throw new TypeError(`expected a day number, got ${typeof v}`);
        return new DuckDBDateValue(v);
      };
    case 'time':
      return (v) => {
        if (typeof v !== 'bigint') throw new TypeError(`expected microseconds as bigint, got ${typeof v}`);
        return new DuckDBTimeValue(v);
      };
    case 'timestamp': {
      const make = target.utc
        ? (m: bigint) => new DuckDBTimestampTZValue(m)
        : (m: bigint) => new DuckDBTimestampValue(m);
      return (v) => {
        if (typeof v !== 'bigint') throw new TypeError(`expected microseconds as bigint, got ${typeof v}`);
        return make(v);
      };
    }
  }
}
