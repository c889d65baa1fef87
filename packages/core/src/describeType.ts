import type { ColumnType } from './ColumnType.js';

/** `decimal(38,4)`, `uint64`, `timestamp(6) utc`, `json`: how errors and docs name a type. */
export function describeType(t: ColumnType): string {
  switch (t.kind) {
    case 'int':
      return `${t.signed ? 'int' : 'uint'}${t.bits}`;
    case 'float':
      return `float${t.bits}`;
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`;
    case 'time':
      return `time(${t.precision})`;
    case 'timestamp':
      return `timestamp(${t.precision}) ${t.utc ? 'utc' : 'wall-clock'}`;
    case 'string':
      return t.json ? 'json' : 'string';
    default:
      return t.kind;
  }
}
