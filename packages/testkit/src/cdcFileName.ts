function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `yyyyMMdd-HHmmssSSS.parquet`, the CDC file name for a write time in micros UTC (FACTS.md §1). */
export function cdcFileName(micros: bigint): string {
  const d = new Date(Number(micros / 1000n));
  return (
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}${pad(d.getUTCMilliseconds(), 3)}.parquet`
  );
}
