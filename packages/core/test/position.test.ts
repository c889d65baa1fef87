import { describe, expect, it } from 'vitest';
import type { DmsFile } from '../src/index.js';
import { POSITION_LENGTH, position } from '../src/index.js';

const base = { source: 's', table: { schema: 'shop', table: 'orders' }, format: 'parquet', gzip: false } as const;
const load = (counter: number, segment = 0): DmsFile => ({
  ...base,
  key: `shop/orders/LOAD${counter.toString(16).toUpperCase().padStart(8, '0')}.parquet`,
  fileName: 'x',
  kind: 'full-load',
  ordinal: String(segment).padStart(4, '0') + String(counter).padStart(14, '0'),
});
const cdc = (stamp: string): DmsFile => ({
  ...base,
  key: `shop/orders/${stamp}.parquet`,
  fileName: 'x',
  kind: 'cdc',
  ordinal: stamp.replace('-', '').padEnd(18, '0'),
});

describe('position (DESIGN.md invariant 2)', () => {
  it('has a fixed width so text comparison orders it', () => {
    expect(position(load(1), undefined, 0)).toHaveLength(POSITION_LENGTH);
    expect(position(cdc('20221023-013830913'), '1'.repeat(35), 999_999)).toHaveLength(POSITION_LENGTH);
  });

  it('orders every full-load row before every CDC row, whatever the sequence', () => {
    const lastLoadRow = position(load(0xff), undefined, 10_000_000);
    const firstCdcRow = position(cdc('19700101-000000000'), undefined, 0);
    expect(lastLoadRow < firstCdcRow).toBe(true);
  });

  it('orders CDC rows by sequence first, then file name time, then row number', () => {
    const early = cdc('20221023-013830913');
    const late = cdc('20221023-013830914');
    expect(position(late, '5', 0) < position(early, '6', 0)).toBe(true);
    expect(position(early, undefined, 9) < position(late, undefined, 0)).toBe(true);
    expect(position(early, undefined, 9) < position(early, undefined, 10)).toBe(true);
  });

  it('orders full-load files by their counter numerically, not by the hex text', () => {
    expect(position(load(9), undefined, 0) < position(load(10), undefined, 0)).toBe(true);
  });

  it('refuses a sequence value that is not 1–35 digits', () => {
    expect(() => position(cdc('20221023-013830913'), '12a', 0)).toThrow(/not 1–35 decimal digits/);
    expect(() => position(cdc('20221023-013830913'), '1'.repeat(36), 0)).toThrow(RangeError);
  });
});
