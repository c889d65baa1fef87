import { formatTimestamp } from '@ferry/core';
import { dateText } from './dateText.js';
import { timeOfDayText } from './timeOfDayText.js';

const MICROS_PER_DAY = 86_400_000_000;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * `formatTimestamp(micros, 6)` (`YYYY-MM-DD HH:MM:SS.ffffff`) without BigInt division: within ±2^53 µs
 * (about 285 years either side of 1970) a bigint converts to a number exactly, and `%`, subtraction and
 * exact division of integers below 2^53 are exact in float arithmetic. Beyond that, core's formatter.
 */
export function timestampText(micros: bigint): string {
  if (micros > MAX_SAFE || micros < -MAX_SAFE) return formatTimestamp(micros, 6);
  const m = Number(micros);
  let rest = m % MICROS_PER_DAY;
  if (rest < 0) rest += MICROS_PER_DAY;
  return `${dateText((m - rest) / MICROS_PER_DAY)} ${timeOfDayText(rest)}`;
}
