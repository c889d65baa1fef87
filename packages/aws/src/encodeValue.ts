import { type ColumnType, type ColumnValue, describeType } from '@ferry/core';
import { decimalPattern } from './decimalPattern.js';
import { fitsInt } from './fitsInt.js';

/**
 * A value in its version-1 JSON form (see `ChangeRecord`). Throws `TypeError` saying why when the value's
 * JS type does not follow core's representation of `type`: such a row was built wrong and must not travel.
 */
export function encodeValue(type: ColumnType, value: ColumnValue): unknown {
  if (value === null) return null;
  switch (type.kind) {
    case 'boolean':
    case 'string':
      if (typeof value === (type.kind === 'boolean' ? 'boolean' : 'string')) return value;
      break;
    case 'int':
      if (type.bits === 64 ? typeof value === 'bigint' : typeof value === 'number') {
        if (fitsInt(type, value as number | bigint)) return type.bits === 64 ? String(value) : value;
        throw new TypeError(`${String(value)} is out of range for ${describeType(type)}`);
      }
      break;
    case 'float':
      if (typeof value === 'number') {
        // JSON has no NaN or infinities, and writes -0 as 0.
        if (Number.isFinite(value) && !Object.is(value, -0)) return value;
        return Object.is(value, -0) ? '-0' : String(value);
      }
      break;
    case 'decimal':
      if (typeof value === 'string') {
        if (decimalPattern(type.scale).test(value)) return value;
        throw new TypeError(`${JSON.stringify(value)} is not a canonical ${describeType(type)}`);
      }
      break;
    case 'bytes':
      if (value instanceof Uint8Array)
        return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
      break;
    case 'date':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
      break;
    case 'time':
    case 'timestamp':
      if (typeof value === 'bigint') return String(value);
      break;
  }
  throw new TypeError(
    `a ${value instanceof Uint8Array ? 'Uint8Array' : typeof value} cannot be a ${describeType(type)}`,
  );
}
