import { describe, expect, it } from 'vitest';
import { Prng } from '../src/index.js';

describe('Prng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const rng = new Prng(seed);
      return Array.from({ length: 8 }, () => rng.uint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(43)).not.toEqual(draw(42));
    // Pinned: if this changes, every seed now generates a different workload than it used to.
    expect(draw(1).slice(0, 4)).toEqual([1828152527, 3394835397, 2967886022, 2251045104]);
  });

  it('keeps draws in range', () => {
    const rng = new Prng(7);
    for (let i = 0; i < 2_000; i++) {
      const r = rng.range(-3, 3);
      expect(r).toBeGreaterThanOrEqual(-3);
      expect(r).toBeLessThanOrEqual(3);
      const b = rng.bigintBelow(2n ** 64n);
      expect(b >= 0n && b < 2n ** 64n).toBe(true);
      expect(rng.digits(7)).toMatch(/^\d{7}$/);
    }
    expect(new Set(Array.from({ length: 500 }, () => rng.int(5)))).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('refuses a seed that is not a safe integer', () => {
    expect(() => new Prng(0.5)).toThrow(/seed must be a safe integer/);
    expect(() => new Prng(2 ** 60)).toThrow(/seed must be a safe integer/);
  });

  it('refuses to pick from nothing', () => {
    expect(() => new Prng(1).pick([])).toThrow(/empty list/);
  });
});
