import type { DuckDBValue } from '@duckdb/node-api';
import {
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTimeValue,
} from '@duckdb/node-api';

/** `seconds.fraction` with nine fraction digits, from microseconds since the epoch (or midnight). */
function epochText(micros: bigint): string {
  // A plain signed decimal (-0.000001000 for a microsecond before 1970): the SDK reads the text as one number.
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const fraction = (abs % 1_000_000n).toString().padStart(6, '0');
  return `${negative ? '-' : ''}${abs / 1_000_000n}.${fraction}000`;
}

/**
 * One rowset cell as Snowflake's JSON result format writes it: every value is a string, numbers in
 * full, dates as days since the epoch, timestamps as `seconds.nanos` (TIMESTAMP_TZ adds the offset
 * index, 1440 = UTC), binary as upper-case hex, booleans as 1/0.
 */
export function snowflakeCell(value: DuckDBValue): string | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return String(value);
  if (value instanceof DuckDBDateValue) return String(value.days);
  if (value instanceof DuckDBTimestampTZValue) return `${epochText(value.micros)} 1440`;
  if (value instanceof DuckDBTimestampValue) return epochText(value.micros);
  if (value instanceof DuckDBTimestampSecondsValue) return epochText(value.seconds * 1_000_000n);
  if (value instanceof DuckDBTimestampMillisecondsValue) return epochText(value.millis * 1000n);
  if (value instanceof DuckDBTimestampNanosecondsValue) return epochText(value.nanos / 1000n);
  if (value instanceof DuckDBTimeValue) return epochText(value.micros);
  if (value instanceof DuckDBBlobValue) return Buffer.from(value.bytes).toString('hex').toUpperCase();
  return value.toString();
}
