import { formatTimeOfDay } from '@ferry/core';

const MICROS_PER_DAY = 86_400_000_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/**
 * `formatTimeOfDay(micros, 6)` (`HH:MM:SS.ffffff`) for a bigint or a number of microseconds since midnight,
 * in float arithmetic: every step is an exact integer operation below 2^53, and it avoids the BigInt
 * divisions that dominated binding. Anything outside one day goes to core's exact BigInt formatter.
 */
export function timeOfDayText(micros: bigint | number): string {
  const m = Number(micros);
  if (!(m >= 0 && m < MICROS_PER_DAY) || !Number.isInteger(m)) return formatTimeOfDay(BigInt(micros), 6);
  const fraction = m % 1_000_000;
  const seconds = (m - fraction) / 1_000_000;
  const s = seconds % 60;
  const minutes = (seconds - s) / 60;
  const min = minutes % 60;
  const h = (minutes - min) / 60;
  const f = String(fraction);
  return `${TWO_DIGITS[h]}:${TWO_DIGITS[min]}:${TWO_DIGITS[s]}.${f.length === 6 ? f : '000000'.slice(f.length) + f}`;
}
