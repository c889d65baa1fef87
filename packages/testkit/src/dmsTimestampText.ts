import { formatTimestamp } from '@ferry/core';

let cachedSecond = -1n;
let cachedPrefix = '';

/**
 * `yyyy-MM-dd HH:mm:ss.SSSSSS`, the `DMS_TIMESTAMP` text for microseconds since the epoch (UTC). Rows of
 * one second share their prefix, so it is formatted once per second: a million rows stay cheap.
 */
export function dmsTimestampText(micros: bigint): string {
  let second = micros / 1_000_000n;
  let fraction = micros % 1_000_000n;
  if (fraction < 0n) {
    fraction += 1_000_000n;
    second -= 1n;
  }
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = formatTimestamp(second * 1_000_000n, 0);
  }
  return `${cachedPrefix}.${fraction.toString().padStart(6, '0')}`;
}
