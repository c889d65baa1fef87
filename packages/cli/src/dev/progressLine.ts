import type { DevStats } from './DevStats.js';

const EVERY_MS = 10_000;

/**
 * Progress for `ferry dev` when stdout is not a terminal (CI, a log file): one line every ten seconds
 * instead of a redrawn screen.
 */
export function progressLine(started: number): (stats: DevStats, now: number) => void {
  let last = started;
  return (stats, now) => {
    if (now - last < EVERY_MS) return;
    last = now;
    const view = stats.view(now);
    const written = view.tables.reduce((n, t) => n + t.rowsWritten, 0);
    const merged = view.tables.reduce((n, t) => n + t.speedLayerRows, 0);
    const loaded = view.tables.reduce((n, t) => n + t.warehouseRows, 0);
    const p = (s: number | undefined) => (s === undefined ? '-' : `${s.toFixed(1)}s`);
    const { speedLayer: s, warehouse: w } = view.latency;
    console.log(
      `${Math.round((now - started) / 1000)}s: ${written} rows written, ${loaded} in the warehouse (p50 ${p(w.p50)}, p99 ${p(w.p99)}), ${merged} in the speed layer (p50 ${p(s.p50)}, p99 ${p(s.p99)}), ${view.failures.length} recent failures`,
    );
  };
}
