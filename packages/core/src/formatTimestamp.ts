const MICROS_PER_DAY = 86_400_000_000n;

/**
 * Microseconds since 1970-01-01T00:00:00 → `YYYY-MM-DD HH:MM:SS[.ffffff]`, exact for any bigint in the
 * years 0001–9999. `precision` is the number of fraction digits to print (0, 3 or 6).
 * No zone is printed: whether the reading is UTC is the column type's business.
 *
 * @example formatTimestamp(1_700_000_000_123_456n, 6) // '2023-11-14 22:13:20.123456'
 */
export function formatTimestamp(micros: bigint, precision: 0 | 3 | 6 = 6): string {
  let days = micros / MICROS_PER_DAY;
  let rest = micros % MICROS_PER_DAY;
  if (rest < 0n) {
    rest += MICROS_PER_DAY;
    days -= 1n;
  }
  const date = new Date(Number(days) * 86_400_000).toISOString().slice(0, 10);
  return `${date} ${formatTimeOfDay(rest, precision)}`;
}

/** Microseconds since midnight → `HH:MM:SS[.ffffff]`. */
export function formatTimeOfDay(micros: bigint, precision: 0 | 3 | 6 = 6): string {
  const totalSeconds = micros / 1_000_000n;
  const fraction = micros % 1_000_000n;
  const h = totalSeconds / 3600n;
  const m = (totalSeconds % 3600n) / 60n;
  const s = totalSeconds % 60n;
  const hms = `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
  if (precision === 0) return hms;
  return `${hms}.${fraction.toString().padStart(6, '0').slice(0, precision)}`;
}

function pad2(n: bigint): string {
  return n.toString().padStart(2, '0');
}
