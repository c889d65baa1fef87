import { decimalText } from './decimalText.js';
import { decimalTextFromGroups } from './decimalTextFromGroups.js';
import { unscaledFromBytes } from './unscaledFromBytes.js';

// Magnitudes up to 64 bytes (155 digits, 18 groups) and scales up to 300 are written here; wider ones take bigints.
const MAX_WIDTH = 64;
const MAX_SCALE = 300;
const groups = new Float64Array(18);
/** The magnitude as big-endian 16-bit limbs: a limb times 2^16 plus a remainder below 10^9 stays below 2^53. */
const limbs = new Float64Array(MAX_WIDTH / 2);
const GROUP = 1_000_000_000;

/**
 * The canonical decimal text (see `decimalText`) of the big-endian two's-complement integer in
 * `bytes[from, to)` (parquet DECIMAL on FIXED_LEN_BYTE_ARRAY or BYTE_ARRAY) with `scale` fraction digits.
 * Exact at any width; values wider than 48 bits are divided out nine digits at a time on 16-bit limbs in
 * plain numbers, so a 16-byte decimal costs no bigint, and the text is one flat string.
 */
export function decimalTextFromBytes(bytes: Uint8Array, from: number, to: number, scale: number): string {
  const negative = to > from && bytes[from]! >= 0x80;
  // Up to 7 bytes besides sign extension: a safe integer, mostly (unscaledFromBytes says), so a number.
  const fill = negative ? 0xff : 0x00;
  let i = from;
  while (i < to - 1 && bytes[i] === fill && (bytes[i + 1]! & 0x80) === (fill & 0x80)) i++;
  if (to - i <= 7 || to - from > MAX_WIDTH || scale > MAX_SCALE) {
    return decimalText(unscaledFromBytes(bytes, from, to), scale);
  }
  // The magnitude's bytes, low to high (two's complement negated: inverted, plus one), into limbs high to low.
  const width = to - from;
  const count = (width + 1) >> 1;
  let carry = negative ? 1 : 0;
  for (let k = 0; k < count; k++) {
    const lowAt = to - 1 - 2 * k;
    let low = bytes[lowAt]!;
    let high = lowAt - 1 >= from ? bytes[lowAt - 1]! : negative ? 0xff : 0;
    if (negative) {
      low = (low ^ 0xff) + carry;
      carry = low >> 8;
      low &= 0xff;
      high = (high ^ 0xff) + carry;
      carry = high >> 8;
      high &= 0xff;
    }
    limbs[count - 1 - k] = high * 256 + low;
  }

  let top = 0; // limbs before `top` are zero
  while (top < count && limbs[top] === 0) top++;
  let n = 0;
  do {
    let rest = 0;
    for (let k = top; k < count; k++) {
      const current = rest * 65_536 + limbs[k]!;
      // Below 2^46: the float quotient is far enough from the next integer to floor exactly.
      const q = Math.floor(current / GROUP);
      rest = current - q * GROUP;
      limbs[k] = q;
    }
    groups[n++] = rest;
    while (top < count && limbs[top] === 0) top++;
  } while (top < count);
  return decimalTextFromGroups(groups, n, negative, scale);
}
