import type { ColumnSpec, ColumnType, ColumnValue } from '@ferry/core';

export const int = (bits: 8 | 16 | 32 | 64, signed: boolean): ColumnType => ({ kind: 'int', bits, signed });
export const ts = (precision: 3 | 6, utc: boolean): ColumnType => ({ kind: 'timestamp', precision, utc });
export const bytes = (...b: number[]) => new Uint8Array(b);

/** Every column type with its edge values; each type also gets a NULL. */
export const EDGES: [ColumnType, ColumnValue[]][] = [
  [{ kind: 'boolean' }, [true, false]],
  [int(8, true), [-128, 127, 0]],
  [int(8, false), [0, 255]],
  [int(16, true), [-32768, 32767]],
  [int(16, false), [65535]],
  [int(32, true), [-2147483648, 2147483647]],
  [int(32, false), [4294967295]],
  [int(64, true), [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n]],
  [int(64, false), [0n, 2n ** 64n - 1n, 2n ** 53n + 1n]],
  [
    { kind: 'float', bits: 32 },
    [Math.fround(3.4028234663852886e38), Math.fround(1e-45), Math.fround(0.1), -0, Number.NaN],
  ],
  [
    { kind: 'float', bits: 64 },
    [Number.MAX_VALUE, Number.MIN_VALUE, 0.1, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
  ],
  [
    { kind: 'decimal', precision: 38, scale: 10 },
    [
      '9999999999999999999999999999.9999999999',
      '-9999999999999999999999999999.9999999999',
      '0.0000000001',
      '-0.0000000001',
      '0.0000000000',
    ],
  ],
  [{ kind: 'decimal', precision: 38, scale: 0 }, ['99999999999999999999999999999999999999', '-1']],
  [{ kind: 'decimal', precision: 5, scale: 5 }, ['0.12345']],
  [
    { kind: 'string' },
    [
      '',
      '환불 요청',
      '다이아몬드 💎🚢',
      'quote " backslash \\ newline \n tab \t nul \u0000 end',
      '\ud800 lone surrogate',
    ],
  ],
  [
    { kind: 'bytes' },
    [
      bytes(),
      bytes(0),
      bytes(0, 0, 255, 0),
      bytes(1, 2),
      bytes(1, 2, 3),
      new Uint8Array([9, 0, 7, 0, 5]).subarray(1, 4),
    ],
  ],
  [{ kind: 'date' }, [0, -1, -719162, 2932896]],
  [{ kind: 'time', precision: 6 }, [0n, 86399999999n]],
  [{ kind: 'time', precision: 3 }, [43200123000n]],
  [ts(6, true), [-62135596800000000n, -1n, 0n, 253402300799999999n, 1795392062345678n]],
  [ts(6, false), [-1n, 1795392062345678n]],
  [ts(3, true), [-86400000000n]],
  [ts(3, false), [-1000n]],
];

/** One column per edge value (and a NULL per type), named `c<type>_<i>`, with its value. */
export const columns: ColumnSpec[] = [];
export const values: ColumnValue[] = [];
EDGES.forEach(([type, edgeValues], t) => {
  for (const [i, value] of [...edgeValues, null].entries()) {
    columns.push({ name: `c${t}_${i}`, type });
    values.push(value);
  }
});
