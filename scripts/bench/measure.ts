import { performance } from 'node:perf_hooks';

/** One timed figure: the median of its runs (the machine is shared and noisy, so one run proves little). */
export interface Measurement {
  readonly label: string;
  readonly rows: number;
  /** Wall-clock seconds of each run, in run order. */
  readonly seconds: readonly number[];
  readonly medianSeconds: number;
  readonly rowsPerSecond: number;
}

/** Seconds `work` takes. */
export async function seconds(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

/** A measurement of `rows` rows per run from the runs' seconds. */
export function measurement(label: string, rows: number, runs: readonly number[]): Measurement {
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { label, rows, seconds: runs, medianSeconds: median, rowsPerSecond: rows / median };
}

/** Guards every figure: a run that did not write or read all its rows must not be timed as if it had. */
export function expectRows(what: string, got: number, expected: number): void {
  if (got !== expected) throw new Error(`${what}: ${got} rows, expected ${expected}`);
}
