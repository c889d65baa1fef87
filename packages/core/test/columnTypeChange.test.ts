import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../src/index.js';
import { columnTypeChange } from '../src/index.js';

const int = (bits: 8 | 16 | 32 | 64, signed = true): ColumnType => ({ kind: 'int', bits, signed });
const dec = (precision: number, scale: number): ColumnType => ({ kind: 'decimal', precision, scale });
const ts = (precision: 3 | 6, utc: boolean): ColumnType => ({ kind: 'timestamp', precision, utc });

describe('columnTypeChange', () => {
  it.each<[string, ColumnType, ColumnType, 'same' | 'fits' | 'no']>([
    ['identical', dec(38, 4), dec(38, 4), 'same'],
    ['narrower int into wider', int(64), int(32), 'fits'],
    ['wider int into narrower', int(32), int(64), 'no'],
    ['uint32 into int64', int(64), int(32, false), 'fits'],
    ['uint64 into int64', int(64), int(64, false), 'no'],
    ['int32 into decimal(12,2)', dec(12, 2), int(32), 'fits'],
    ['int64 into decimal(18,0)', dec(18, 0), int(64), 'no'],
    ['decimal(10,2) into decimal(15,2)', dec(15, 2), dec(10, 2), 'fits'],
    ['decimal(15,4) into decimal(15,2): scale would round', dec(15, 2), dec(15, 4), 'no'],
    ['millis into micros', ts(6, true), ts(3, true), 'fits'],
    ['micros into millis', ts(3, true), ts(6, true), 'no'],
    ['wall-clock into UTC', ts(6, true), ts(6, false), 'no'],
    ['text into decimal', dec(38, 4), { kind: 'string' }, 'no'],
    ['float32 into float64', { kind: 'float', bits: 64 }, { kind: 'float', bits: 32 }, 'fits'],
  ])('%s', (_, existing, incoming, expected) => {
    const result = columnTypeChange(existing, incoming);
    if (expected === 'no') expect(result).toEqual({ reason: expect.stringMatching(/^was .*, a file now has /) });
    else expect(result).toBe(expected);
  });
});
