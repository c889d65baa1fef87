const END = 48;
// Digits are written right to left into one scratch buffer, then read out as one flat string: a decimal built
// by slicing and concatenating is a rope of several heap objects, and millions of them keep the GC busy.
const scratch = Buffer.alloc(END);

/**
 * The canonical text of a decimal from its unscaled integer: exactly `scale` fraction digits, `-` for
 * negatives, a leading `0` before the point. `unscaled` is a `number` only when it is a safe integer.
 *
 * @example decimalText(-5, 2) // '-0.05'
 */
export function decimalText(unscaled: number | bigint, scale: number): string {
  if (typeof unscaled === 'number' && scale < 40) {
    const negative = unscaled < 0;
    let v = negative ? -unscaled : unscaled;
    let at = END;
    for (let i = 0; i < scale; i++) {
      const digit = v % 10;
      scratch[--at] = 48 + digit;
      v = (v - digit) / 10;
    }
    if (scale > 0) scratch[--at] = 46; // .
    do {
      const digit = v % 10;
      scratch[--at] = 48 + digit;
      v = (v - digit) / 10;
    } while (v > 0);
    if (negative) scratch[--at] = 45; // -
    return scratch.toString('latin1', at, END);
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
