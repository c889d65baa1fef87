interface Latin1 {
  latin1Slice(start: number, end: number): string;
}

const END = 512;
// Digits are written right to left into one scratch buffer, then read out as one flat string: a decimal built
// by slicing and concatenating is a rope of several heap objects, and millions of them keep the GC busy.
const scratch = Buffer.alloc(END) as Buffer & Latin1;

/**
 * The canonical decimal text (see `decimalText`) of a magnitude given as base-10^9 groups, least significant
 * first (`groups[0 … count)`, each an integer below 10^9, the last one non-zero unless it is the only one),
 * with `scale` fraction digits and `-` when `negative`. Digits come from int32 arithmetic, never a float
 * modulo. Room for 18 groups with a scale of up to 300.
 */
export function decimalTextFromGroups(
  groups: ArrayLike<number>,
  count: number,
  negative: boolean,
  scale: number,
): string {
  let at = END;
  let written = 0;
  for (let g = 0; g < count; g++) {
    let rest = groups[g]! | 0;
    const last = g === count - 1;
    // Nine digits a group, but no leading zeros in the most significant one (and at least one digit).
    for (let d = 0; d < 9 && (!last || rest > 0 || d === 0); d++) {
      const q = (rest / 10) | 0;
      scratch[--at] = 48 + rest - q * 10;
      rest = q;
      if (++written === scale) scratch[--at] = 46; // .
    }
  }
  if (written <= scale) {
    while (written < scale) {
      scratch[--at] = 48;
      if (++written === scale) scratch[--at] = 46;
    }
    scratch[--at] = 48; // the 0 before the point
  }
  if (negative) scratch[--at] = 45; // -
  return scratch.latin1Slice(at, END);
}
