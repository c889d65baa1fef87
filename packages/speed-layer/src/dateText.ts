import { formatDate } from '@ferry/core';

/** 0001-01-01 and 9999-12-31 as days since 1970-01-01. */
const FIRST_DAY = -719_162;
const LAST_DAY = 2_932_896;
const TWO_DIGITS = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

/**
 * `formatDate(days)` (`YYYY-MM-DD`) by integer arithmetic (Hinnant's days-to-civil algorithm) rather
 * than a `Date` and its ISO text per value, which was a visible share of binding a large row group.
 * Outside the years 0001–9999, core's formatter.
 */
export function dateText(days: number): string {
  if (!(days >= FIRST_DAY && days <= LAST_DAY) || !Number.isInteger(days)) return formatDate(days);
  // Shifted to 0000-03-01 so leap days end each 400-year era; z stays non-negative from year 0001 on.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const y = String(year);
  return `${y.length === 4 ? y : '0000'.slice(y.length) + y}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}
