import { formatDate, formatTimeOfDay, formatTimestamp } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { mysqlDialect, postgresDialect } from '../src/index.js';

// The binders format temporal values in float arithmetic; core's BigInt formatters are the reference.
const DAY = 86_400_000_000n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const wallClock = { kind: 'timestamp', precision: 6, utc: false } as const;
const instant = { kind: 'timestamp', precision: 6, utc: true } as const;
const time = { kind: 'time', precision: 6 } as const;

function samples(): bigint[] {
  const edges = [0n, 1n, -1n, DAY - 1n, DAY, -DAY, -DAY - 1n, -DAY + 1n, 999_999n, 1_000_000n, -1_000_000n];
  const far = [MAX_SAFE, -MAX_SAFE, MAX_SAFE - DAY, -MAX_SAFE + DAY];
  // Year 0001 and 9999, beyond ±2^53 µs: core's BigInt path.
  const years = [-62_135_596_800_000_000n, 253_402_300_799_999_999n];
  let seed = 12345;
  const random: bigint[] = [];
  for (let i = 0; i < 2000; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const day = BigInt(seed % 200_000) - 100_000n;
    random.push(day * DAY + BigInt((seed * 7919) % 86_400_000) * 1000n + BigInt(seed % 1000));
  }
  return [...edges, ...far, ...years, ...random];
}

describe('temporal binders', () => {
  for (const dialect of [postgresDialect('postgres'), mysqlDialect()]) {
    it(`${dialect.name}: timestamps match core's formatter to the microsecond, before 1970 and beyond 2^53 µs`, () => {
      const bind = dialect.binder(wallClock);
      for (const v of samples()) expect(bind(v)).toBe(formatTimestamp(v, 6));
    });

    it(`${dialect.name}: times and dates match core's formatters`, () => {
      const bindTime = dialect.binder(time);
      for (const v of [0n, 1n, 59_999_999n, 3_600_000_000n, DAY - 1n, 45_296_000_007n])
        expect(bindTime(v)).toBe(formatTimeOfDay(v, 6));
      const bindDate = dialect.binder({ kind: 'date' });
      const days = [0, -1, 1, -719_162, -719_163, 2_932_896, 2_932_897, 20_000, -25_567, 11_016, 11_017, 10_956];
      for (let d = -719_162; d <= 2_932_896; d += 997) days.push(d);
      for (const d of days) expect(bindDate(d)).toBe(formatDate(d));
    });
  }

  it('postgres: instants carry +00', () => {
    const bind = postgresDialect('postgres').binder(instant);
    expect(bind(1_700_000_000_123_456n)).toBe('2023-11-14 22:13:20.123456+00');
    expect(bind(-1n)).toBe('1969-12-31 23:59:59.999999+00');
  });
});
