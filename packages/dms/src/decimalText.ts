import { decimalTextFromGroups } from './decimalTextFromGroups.js';

const GROUP = 1_000_000_000;
const groups = new Int32Array(2);

/**
 * The canonical text of a decimal from its unscaled integer: exactly `scale` fraction digits, `-` for
 * negatives, a leading `0` before the point. `unscaled` is a `number` only when it is a safe integer.
 *
 * @example decimalText(-5, 2) // '-0.05'
 */
export function decimalText(unscaled: number | bigint, scale: number): string {
  if (typeof unscaled === 'number' && scale <= 300) {
    const negative = unscaled < 0;
    const v = negative ? -unscaled : unscaled;
    // Split into nine low digits and the rest (below 2^53 / 10^9 < 2^24). The float quotient may round
    // across an integer; the remainder shows it and one step corrects it, so both halves are exact.
    let high = Math.floor(v / GROUP);
    let low = v - high * GROUP;
    if (low < 0) {
      high -= 1;
      low += GROUP;
    } else if (low >= GROUP) {
      high += 1;
      low -= GROUP;
    }
    groups[0] = low;
    groups[1] = high;
    return decimalTextFromGroups(groups, high > 0 ? 2 : 1, negative, scale);
  }
  const big = BigInt(unscaled);
  const negative = big < 0n;
  let digits = (negative ? -big : big).toString();
  const sign = negative ? '-' : '';
  if (scale === 0) return sign + digits;
  if (digits.length <= scale) digits = '0'.repeat(scale + 1 - digits.length) + digits;
  const point = digits.length - scale;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
