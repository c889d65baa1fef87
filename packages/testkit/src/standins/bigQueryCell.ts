import type { DuckDBValue } from '@duckdb/node-api';
import {
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTimeValue,
} from '@duckdb/node-api';

function pad(n: number | bigint, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `YYYY-MM-DDTHH:MM:SS.ffffff` of microseconds since the epoch, read as UTC wall-clock. */
function wallClock(micros: bigint): string {
  const millis = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const iso = new Date(Number(millis)).toISOString().slice(0, 19);
  const fraction = ((micros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  return `${iso}.${pad(fraction, 6)}`;
}

/**
 * One cell as the BigQuery REST API writes it (`rows[].f[].v`): strings throughout, BYTES as base64,
 * TIMESTAMP as int64 microseconds when the client asked for `useInt64Timestamp` (the Node SDK does),
 * DATETIME as `YYYY-MM-DDTHH:MM:SS.ffffff`, NUMERIC without trailing fraction zeros.
 */
export function bigQueryCell(value: DuckDBValue, useInt64Timestamp: boolean): string | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return String(value);
  if (value instanceof DuckDBTimestampTZValue) {
    if (useInt64Timestamp) return value.micros.toString();
    return `${value.micros / 1_000_000n}.${pad(((value.micros % 1_000_000n) + 1_000_000n) % 1_000_000n, 6)}`;
  }
  if (value instanceof DuckDBTimestampValue) return wallClock(value.micros);
  if (value instanceof DuckDBDateValue) return value.toString();
  if (value instanceof DuckDBTimeValue) {
    const m = value.micros;
    return `${pad(m / 3_600_000_000n)}:${pad((m / 60_000_000n) % 60n)}:${pad((m / 1_000_000n) % 60n)}.${pad(m % 1_000_000n, 6)}`;
  }
  // NUMERIC and BIGNUMERIC come back without trailing fraction zeros ("1", "-0.01").
  if (value instanceof DuckDBDecimalValue)
    return value
      .toString()
      .replace(/(\.\d*?)0+$/, '$1')
      .replace(/\.$/, '');
  if (value instanceof DuckDBBlobValue) return Buffer.from(value.bytes).toString('base64');
  return value.toString();
}
