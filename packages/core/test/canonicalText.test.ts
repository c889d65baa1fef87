import { describe, expect, it } from 'vitest';
import { canonicalText, formatTimestamp } from '../src/index.js';

describe('canonicalText', () => {
  it('prints timestamps with six fraction digits and a Z only when the column is UTC', () => {
    expect(canonicalText({ kind: 'timestamp', precision: 6, utc: true }, 1_700_000_000_123_456n)).toBe(
      '2023-11-14 22:13:20.123456Z',
    );
    expect(canonicalText({ kind: 'timestamp', precision: 3, utc: false }, 1_700_000_000_123_000n)).toBe(
      '2023-11-14 22:13:20.123000',
    );
  });

  it('handles instants before 1970 exactly', () => {
    expect(formatTimestamp(-1n)).toBe('1969-12-31 23:59:59.999999');
    expect(formatTimestamp(-62_135_596_800_000_000n)).toBe('0001-01-01 00:00:00.000000');
  });

  it('keeps 64-bit and unsigned integers whole', () => {
    expect(canonicalText({ kind: 'int', bits: 64, signed: false }, 18_446_744_073_709_551_615n)).toBe(
      '18446744073709551615',
    );
  });

  it('prints bytes as \\x hex, dates and times, and keeps NULL as null', () => {
    expect(canonicalText({ kind: 'bytes' }, new Uint8Array([0, 255, 16]))).toBe('\\x00ff10');
    expect(canonicalText({ kind: 'date' }, -1)).toBe('1969-12-31');
    expect(canonicalText({ kind: 'time', precision: 6 }, 86_399_999_999n)).toBe('23:59:59.999999');
    expect(canonicalText({ kind: 'decimal', precision: 38, scale: 4 }, null)).toBeNull();
  });
});
