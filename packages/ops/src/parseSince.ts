import { FerryError } from '@ferry/core';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * `--since`: an ISO date or time (`2024-05-01`, `2024-05-01T12:00:00Z`) or a span back from `now`
 * (`30m`, `6h`, `2d`). Throws a `FerryError` naming the text otherwise.
 *
 * @example parseSince('6h', new Date('2024-05-01T12:00:00Z')) // 2024-05-01T06:00:00.000Z
 */
export function parseSince(text: string, now: Date): Date {
  const span = /^(\d+)([mhd])$/.exec(text.trim());
  if (span) return new Date(now.getTime() - Number(span[1]) * UNIT_MS[span[2] as keyof typeof UNIT_MS]);
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const time = Date.parse(text);
    if (!Number.isNaN(time)) return new Date(time);
  }
  throw new FerryError(`--since ${JSON.stringify(text)} is neither an ISO time nor a span like 30m, 6h or 2d`, {
    hint: 'Use e.g. --since 2024-05-01T00:00:00Z or --since 6h',
  });
}
