const ZERO = 48;
const MAX_SAFE_SECONDS = 9_000_000_000; // seconds * 1e6 + micros stays below 2^53

/**
 * `yyyy-MM-dd HH:mm:ss[.f{1,9}]` as UTF-8 bytes `bytes[from, to)` (DMS `TimestampColumnName`) → microseconds
 * since 1970-01-01T00:00:00 as a bigint, or the reason it is not one (a phrase like `is not a valid date and
 * time`). Fraction digits past the sixth must be zero: a timestamp is never silently truncated. Working on bytes
 * (in place in the page, by offsets) spares the reader the string and the view it would throw away; any byte
 * outside ASCII fails as a non-digit.
 */
export function parseTimestampBytes(bytes: Uint8Array, from = 0, to = bytes.length): bigint | string {
  const n = to - from;
  const text = bytes;
  const o = from;
  if (
    n < 19 ||
    text[o + 4] !== 45 || // -
    text[o + 7] !== 45 ||
    text[o + 10] !== 32 || // space
    text[o + 13] !== 58 || // :
    text[o + 16] !== 58
  ) {
    return 'is not yyyy-MM-dd HH:mm:ss[.ffffff]';
  }
  const year = digits(text, o, 4);
  const month = digits(text, o + 5, 2);
  const day = digits(text, o + 8, 2);
  const hour = digits(text, o + 11, 2);
  const minute = digits(text, o + 14, 2);
  const second = digits(text, o + 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
    return 'is not yyyy-MM-dd HH:mm:ss[.ffffff]';
  }
  let micros = 0;
  if (n > 19) {
    const fractionDigits = n - 20;
    if (text[o + 19] !== 46 || fractionDigits < 1 || fractionDigits > 9) {
      return 'is not yyyy-MM-dd HH:mm:ss[.f…] with 1 to 9 fraction digits';
    }
    const fraction = digits(text, o + 20, fractionDigits);
    if (fraction < 0) return 'is not yyyy-MM-dd HH:mm:ss[.f…] with 1 to 9 fraction digits';
    if (fractionDigits <= 6) {
      micros = fraction * 10 ** (6 - fractionDigits);
    } else {
      const drop = 10 ** (fractionDigits - 6);
      if (fraction % drop !== 0) return 'has sub-microsecond digits (ferry never truncates a timestamp)';
      micros = fraction / drop;
    }
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return 'is not a valid date and time';
  }
  const seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second;
  if (seconds < MAX_SAFE_SECONDS && seconds > -MAX_SAFE_SECONDS) return BigInt(seconds * 1_000_000 + micros);
  return BigInt(seconds) * 1_000_000n + BigInt(micros);
}

/** The decimal value of `count` ASCII digits at `at`, or -1 when one is not a digit. */
function digits(text: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text[i]! - ZERO;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
