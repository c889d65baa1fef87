import type { ColumnType } from '@ferry/core';

/** The short name a change record gives a column type (see `ChangeRecord` for the list). */
export function typeTag(type: ColumnType): string {
  switch (type.kind) {
    case 'boolean':
      return 'bool';
    case 'int':
      return `${type.signed ? 'i' : 'u'}${type.bits}`;
    case 'float':
      return `f${type.bits}`;
    case 'decimal':
      return `dec(${type.precision},${type.scale})`;
    case 'string':
      return 'str';
    case 'bytes':
      return 'bytes';
    case 'date':
      return 'date';
    case 'time':
      return `time(${type.precision})`;
    case 'timestamp':
      return `${type.utc ? 'tsz' : 'ts'}(${type.precision})`;
  }
}
