const patterns = new Map<number, RegExp>();

/** Matches a canonical decimal text with exactly `scale` fraction digits (core `ColumnType`). */
export function decimalPattern(scale: number): RegExp {
  let pattern = patterns.get(scale);
  if (pattern === undefined) {
    pattern = scale === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${scale}}$`);
    patterns.set(scale, pattern);
  }
  return pattern;
}
