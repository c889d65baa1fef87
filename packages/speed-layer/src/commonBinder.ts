import type { ColumnType } from '@ferry/core';
import { dateText } from './dateText.js';
import { timeOfDayText } from './timeOfDayText.js';
import { timestampText } from './timestampText.js';

/**
 * How a value is bound where both dialects agree: bytes as a Buffer over the same memory, dates, times and
 * timestamps as exact text, everything else as it is. Dialects wrap it for what they bind differently
 * (64-bit integers, instants).
 */
export function commonBinder(type: ColumnType): (value: unknown) => unknown {
  switch (type.kind) {
    case 'bytes':
      return (v) => {
        const b = v as Uint8Array;
        return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
      };
    case 'date':
      return (v) => dateText(v as number);
    case 'time':
      return (v) => timeOfDayText(v as bigint);
    case 'timestamp':
      return (v) => timestampText(v as bigint);
    default:
      return (v) => v;
  }
}
