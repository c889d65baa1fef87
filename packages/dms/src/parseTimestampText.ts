import { parseTimestampBytes } from './parseTimestampBytes.js';

const encoder = new TextEncoder();

/**
 * `yyyy-MM-dd HH:mm:ss[.f{1,9}]` (DMS `TimestampColumnName`) → microseconds since 1970-01-01T00:00:00 as a
 * bigint, or the reason it is not one (a phrase like `is not a valid date and time`). Fraction digits past the
 * sixth must be zero: a timestamp is never silently truncated.
 *
 * @example parseTimestampText('2022-07-26 06:46:18.616807') // 1658817978616807n
 */
export function parseTimestampText(text: string): bigint | string {
  return parseTimestampBytes(encoder.encode(text));
}
