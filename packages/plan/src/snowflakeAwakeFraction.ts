import { quotaDefaults } from './quotaDefaults.js';

/**
 * An ESTIMATE of the fraction of the day a Snowflake warehouse is running (and billed) when it is woken
 * `wakesPerHour` times an hour, evenly spread, each time busy `busySeconds`, then suspended `autoSuspend`
 * seconds after its last statement. Each resume bills at least 60 s. When the next wake comes before the
 * warehouse would suspend, it never does: 1.
 *
 * @example snowflakeAwakeFraction(60, 10, 60) // 1: a merge every minute keeps it awake all day
 */
export function snowflakeAwakeFraction(wakesPerHour: number, busySeconds: number, autoSuspend: number): number {
  if (wakesPerHour <= 0) return 0;
  const gap = 3600 / wakesPerHour;
  const awake = Math.max(quotaDefaults.snowflakeMinimumBilledSeconds, busySeconds + autoSuspend);
  return awake >= gap ? 1 : awake / gap;
}
