import { type ColumnType, type ColumnValue, describeType } from '@ferry/core';
import { decimalPattern } from './decimalPattern.js';
import { fitsInt } from './fitsInt.js';

const INTEGER_TEXT = /^(?:0|-?[1-9]\d*)$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const FLOAT_WORDS: ReadonlyMap<string, number> = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['-0', -0],
]);

/**
 * A value back from its version-1 JSON form (see `ChangeRecord`), in core's representation of `type`.
 * Throws `TypeError` saying why when `json` is not what `encodeValue` writes for that type.
 */
export function decodeValue(type: ColumnType, json: unknown): ColumnValue {
  if (json === null) return null;
  switch (type.kind) {
    case 'boolean':
      if (typeof json === 'boolean') return json;
      break;
    case 'string':
      if (typeof json === 'string') return json;
      break;
    case 'int':
      if (type.bits === 64 ? typeof json === 'string' && INTEGER_TEXT.test(json) : typeof json === 'number') {
        const value = type.bits === 64 ? BigInt(json as string) : (json as number);
        if (fitsInt(type, value)) return value;
        throw new TypeError(`${String(json)} is out of range for ${describeType(type)}`);
      }
      break;
    case 'float': {
      const value = typeof json === 'string' ? FLOAT_WORDS.get(json) : json;
      // A float32 value is a double that float32 holds exactly; anything else was not written by this codec.
      if (typeof value === 'number' && (type.bits === 64 || Object.is(Math.fround(value), value))) return value;
      break;
    }
    case 'decimal':
      if (typeof json === 'string' && decimalPattern(type.scale).test(json)) return json;
      break;
    case 'bytes':
      if (typeof json === 'string' && BASE64.test(json)) return Uint8Array.from(Buffer.from(json, 'base64'));
      break;
    case 'date':
      if (typeof json === 'number' && Number.isSafeInteger(json)) return json;
      break;
    case 'time':
    case 'timestamp':
      if (typeof json === 'string' && INTEGER_TEXT.test(json)) return BigInt(json);
      break;
  }
  throw new TypeError(`${preview(json)} is not a ${describeType(type)} value`);
}

function preview(json: unknown): string {
  const text = JSON.stringify(json) ?? String(json);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
