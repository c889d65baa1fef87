import type { ChaosRunResult } from './ChaosRunResult.js';
import { FAULT_KINDS, type FaultKind } from './FAULT_KINDS.js';

/** The sums over many chaos runs (see `chaosTotals`). */
export interface ChaosTotals {
  readonly runs: number;
  readonly failed: readonly number[];
  readonly faults: ReadonlyMap<FaultKind, number>;
  readonly rows: number;
  readonly files: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly resurrected: number;
  readonly wrong: number;
  readonly replayedDlqMessages: number;
  readonly replayedStreamBatches: number;
  /** Seconds from the end of the faults to drained: median, 95th percentile, max. */
  readonly drain: { readonly median: number; readonly p95: number; readonly max: number };
  readonly byTarget: ReadonlyMap<string, number>;
}

export function chaosTotals(results: readonly ChaosRunResult[]): ChaosTotals {
  const sum = (f: (r: ChaosRunResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const faults = new Map<FaultKind, number>(FAULT_KINDS.map((k) => [k, sum((r) => r.faults.get(k) ?? 0)]));
  const drains = results.map((r) => r.drainSeconds).sort((a, b) => a - b);
  const at = (q: number) => drains[Math.min(drains.length - 1, Math.floor(q * drains.length))] ?? 0;
  const byTarget = new Map<string, number>();
  for (const r of results) {
    const key = `${r.plan.warehouse}+${r.plan.speedLayer}`;
    byTarget.set(key, (byTarget.get(key) ?? 0) + 1);
  }
  return {
    runs: results.length,
    failed: results.filter((r) => !r.ok).map((r) => r.plan.seed),
    faults,
    rows: sum((r) => r.rows),
    files: sum((r) => r.files),
    lost: sum((r) => r.warehouse.lost + r.speedLayer.lost),
    duplicated: sum((r) => r.warehouse.duplicated + r.speedLayer.duplicated),
    resurrected: sum((r) => r.warehouse.resurrected + r.speedLayer.resurrected),
    wrong: sum((r) => r.warehouse.wrong + r.speedLayer.wrong),
    replayedDlqMessages: sum((r) => r.replayed.dlqMessages),
    replayedStreamBatches: sum((r) => r.replayed.streamBatches),
    drain: { median: at(0.5), p95: at(0.95), max: drains.at(-1) ?? 0 },
    byTarget,
  };
}
