import type { ColumnType } from '@ferry/core';

/**
 * Completes a dialect's `readText` output into `canonicalText`: databases print floats as the shortest text
 * that reads back to the stored value; JS prints the float32 value widened to a double, so round through it.
 */
export function finishText(type: ColumnType, text: string): string {
  if (type.kind !== 'float') return text;
  const n = Number(text);
  return String(type.bits === 32 ? Math.fround(n) : n);
}
