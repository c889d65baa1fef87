import { type ColumnType, type ColumnValue, canonicalText } from '@ferry/core';

/**
 * The canonical text of one key value as the target column holds it, so the same row gets the same row key
 * whichever file (and file type) it came from: a decimal column rescales to its own scale (`1.5` read from a
 * decimal(10,1) file and `1.50` from a decimal(10,2) file are one row of a numeric(12,2) column).
 * Everything else is `canonicalText` of the incoming type, which is already independent of width and precision.
 */
export function keyText(held: ColumnType, incoming: ColumnType, value: ColumnValue): string {
  const text = canonicalText(incoming, value) ?? '';
  if (held.kind !== 'decimal') return text;
  const point = text.indexOf('.');
  const whole = point < 0 ? text : text.slice(0, point);
  const fraction = point < 0 ? '' : text.slice(point + 1);
  return held.scale === 0 ? whole : `${whole}.${fraction.padEnd(held.scale, '0')}`;
}
