import { type ColumnType, type ColumnValue, canonicalText } from '@ferry/core';

interface SfDate {
  getEpochSeconds(): number;
  getNanoSeconds(): number;
}
interface SfTime {
  getMidnightSeconds(): number;
  getNanoSeconds(): number;
}

/**
 * A cell that `snowflake-sdk` returned (with `fetchAsString: ['Number']`, so numbers arrive as Snowflake's
 * exact digits) as core `canonicalText` of the logical type `type`. Timestamps and times are integer
 * microseconds (digits), or the SDK's date/time objects read from their epoch seconds and nanoseconds, never
 * from a JS Date's milliseconds. A decimal stored
 * at a larger scale than `type` (the column was widened) prints at `type`'s scale when that is exact, else
 * with every stored digit.
 */
export function snowflakeCanonicalText(type: ColumnType, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return canonicalText(type, toColumnValue(type, value));
}

function toColumnValue(type: ColumnType, value: unknown): ColumnValue {
  switch (type.kind) {
    case 'boolean':
      return typeof value === 'string' ? value === '1' || value.toLowerCase() === 'true' : Boolean(value);
    case 'int':
      return BigInt(String(value));
    case 'float':
      return Number(value);
    case 'decimal':
      return decimalAtScale(String(value), type.scale);
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'bytes':
      return value instanceof Uint8Array ? value : Buffer.from(String(value), 'hex');
    case 'date':
      return Number(BigInt((value as SfDate).getEpochSeconds()) / 86_400n);
    case 'time': {
      // Integer microseconds (as SnowflakeWarehouse.readRows selects them), or the SDK's time object.
      if (typeof value === 'string' || typeof value === 'bigint') return BigInt(value);
      const time = value as SfTime;
      return BigInt(time.getMidnightSeconds()) * 1_000_000n + BigInt(Math.floor(time.getNanoSeconds() / 1000));
    }
    case 'timestamp':
      // Integer microseconds (as SnowflakeWarehouse.readRows selects them), or the SDK's date object.
      if (typeof value === 'string' || typeof value === 'bigint') return BigInt(value);
      return fromSfDate(value as SfDate);
  }
}

function fromSfDate(date: SfDate): bigint {
  return BigInt(date.getEpochSeconds()) * 1_000_000n + BigInt(Math.floor(date.getNanoSeconds() / 1000));
}

function decimalAtScale(text: string, scale: number): string {
  const [whole = '0', fraction = ''] = text.split('.');
  if (fraction.length <= scale) return scale === 0 ? whole : `${whole}.${fraction.padEnd(scale, '0')}`;
  const kept = fraction.slice(0, scale);
  if (/^0*$/.test(fraction.slice(scale))) return scale === 0 ? whole : `${whole}.${kept}`;
  return text;
}
