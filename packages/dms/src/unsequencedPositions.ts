import { type DmsFile, position } from '@ferry/core';

const ROW_DIGITS = 12;
const MAX_ROW = 10 ** ROW_DIGITS;
let scratch = Buffer.alloc(128);

/**
 * Fills `out` with `position(file, undefined, firstRow + r)` for every `r`: the same text, written into a
 * scratch buffer as one flat string per row. `position` builds each from parts, a rope of several heap objects
 * that every comparison must flatten; a million rows of them keep the garbage collector busy.
 */
export function unsequencedPositions(file: DmsFile, firstRow: number, out: string[]): void {
  const rows = out.length;
  const sample = position(file, undefined, 0);
  const prefix = sample.length - ROW_DIGITS;
  // Only where position's row digits are the fixed-width tail this assumes: otherwise, position itself.
  if (prefix < 0 || !sample.endsWith('0'.repeat(ROW_DIGITS)) || firstRow + rows > MAX_ROW) {
    for (let r = 0; r < rows; r++) out[r] = position(file, undefined, firstRow + r);
    return;
  }
  if (scratch.length < sample.length) scratch = Buffer.alloc(sample.length);
  const text = scratch;
  text.write(sample, 0, 'latin1');
  const end = sample.length;
  for (let r = 0; r < rows; r++) {
    let row = firstRow + r;
    for (let at = end - 1; at >= prefix; at--) {
      const digit = row % 10;
      text[at] = 48 + digit;
      row = (row - digit) / 10;
    }
    out[r] = text.toString('latin1', 0, end);
  }
}
