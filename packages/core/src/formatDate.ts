const DAY_MS = 86_400_000;

/** Days since 1970-01-01 → `YYYY-MM-DD` (proleptic Gregorian, years 0001–9999). */
export function formatDate(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}
