import type { ColumnType } from '@ferry/core';

const FIXED: ReadonlyMap<string, ColumnType> = new Map<string, ColumnType>([
  ['bool', { kind: 'boolean' }],
  ...([8, 16, 32, 64] as const).flatMap((bits): [string, ColumnType][] => [
    [`i${bits}`, { kind: 'int', bits, signed: true }],
    [`u${bits}`, { kind: 'int', bits, signed: false }],
  ]),
  ['f32', { kind: 'float', bits: 32 }],
  ['f64', { kind: 'float', bits: 64 }],
  ['str', { kind: 'string' }],
  ['bytes', { kind: 'bytes' }],
  ['date', { kind: 'date' }],
  ['time(3)', { kind: 'time', precision: 3 }],
  ['time(6)', { kind: 'time', precision: 6 }],
  ...([3, 6] as const).flatMap((precision): [string, ColumnType][] => [
    [`ts(${precision})`, { kind: 'timestamp', precision, utc: false }],
    [`tsz(${precision})`, { kind: 'timestamp', precision, utc: true }],
  ]),
]);
const DECIMAL = /^dec\(([1-9]\d{0,2}),(0|[1-9]\d{0,2})\)$/;

/** The column type a `typeTag` names, or `undefined` when it names none. */
export function parseTypeTag(tag: string): ColumnType | undefined {
  const fixed = FIXED.get(tag);
  if (fixed) return fixed;
  const decimal = DECIMAL.exec(tag);
  if (!decimal) return undefined;
  const precision = Number(decimal[1]);
  const scale = Number(decimal[2]);
  return scale <= precision ? { kind: 'decimal', precision, scale } : undefined;
}
