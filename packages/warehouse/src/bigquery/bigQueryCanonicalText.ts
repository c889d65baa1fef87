import { type ColumnType, type ColumnValue, canonicalText } from '@ferry/core';

const MICROS_PER_DAY = 86_400_000_000n;

/**
 * A raw BigQuery REST cell (`rows[].f[].v`, always text; TIMESTAMP as int64 micros with
 * `formatOptions.useInt64Timestamp`) as core `canonicalText` of `type`, without passing decimals or 64-bit
 * integers through a JS number.
 */
export function bigQueryCanonicalText(type: ColumnType, cell: string | null): string | null {
  if (cell === null) return null;
  return canonicalText(type, toColumnValue(type, cell));
}

function toColumnValue(type: ColumnType, cell: string): ColumnValue {
  switch (type.kind) {
    case 'boolean':
      return cell === 'true';
    case 'int':
      return type.bits === 64 || (type.bits === 32 && !type.signed) ? BigInt(cell) : Number(cell);
    case 'float':
      return Number(cell);
    case 'decimal': {
      // BigQuery prints NUMERIC/BIGNUMERIC without trailing fraction zeros.
      const [whole = '0', fraction = ''] = cell.split('.');
      return type.scale === 0 && fraction === '' ? whole : `${whole}.${fraction.padEnd(type.scale, '0')}`;
    }
    case 'string':
      return cell;
    case 'bytes':
      return new Uint8Array(Buffer.from(cell, 'base64'));
    case 'date':
      return Number(dayOf(cell));
    case 'time':
      return timeMicros(cell);
    case 'timestamp':
      // TIMESTAMP: int64 micros; DATETIME: `YYYY-MM-DDTHH:MM:SS[.ffffff]`.
      if (/^-?\d+$/.test(cell)) return BigInt(cell);
      return dayOf(cell.slice(0, cell.indexOf('T'))) * MICROS_PER_DAY + timeMicros(cell.slice(cell.indexOf('T') + 1));
  }
}

function dayOf(iso: string): bigint {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return BigInt(Math.round(date.getTime() / 86_400_000));
}

function timeMicros(text: string): bigint {
  const [clock = '', fraction = ''] = text.split('.');
  const [h, m, s] = clock.split(':').map(BigInt) as [bigint, bigint, bigint];
  return ((h * 60n + m) * 60n + s) * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6));
}
