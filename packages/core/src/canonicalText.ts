import type { ColumnType } from './ColumnType.js';
import type { ColumnValue } from './ColumnValue.js';
import { formatDate } from './formatDate.js';
import { formatTimeOfDay, formatTimestamp } from './formatTimestamp.js';

/**
 * The one exact text form of a value, used to compare sinks with the oracle, to build row keys and to print
 * values where a JSON number would lose them. `null` stays `null`.
 *
 * - decimals keep exactly `scale` fraction digits; integers of any width print all digits;
 * - timestamps print 6 fraction digits, with a trailing `Z` when the column is UTC;
 * - bytes print as lowercase hex with a `\x` prefix (PostgreSQL's form);
 * - floats print as JS shortest round-trip text.
 */
export function canonicalText(type: ColumnType, value: ColumnValue): string | null {
  if (value === null) return null;
  switch (type.kind) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bytes':
      return `\\x${Buffer.from(value as Uint8Array).toString('hex')}`;
    case 'date':
      return formatDate(value as number);
    case 'time':
      return formatTimeOfDay(value as bigint, 6);
    case 'timestamp':
      return formatTimestamp(value as bigint, 6) + (type.utc ? 'Z' : '');
    default:
      return String(value);
  }
}
