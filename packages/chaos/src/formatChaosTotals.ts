import type { ChaosTotals } from './ChaosTotals.js';

/** The totals block `pnpm chaos` ends with. */
export function formatChaosTotals(t: ChaosTotals, firstSeed: number, seconds: number): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const width = Math.max(...[...t.faults.keys()].map((k) => k.length));
  return [
    '',
    `chaos: ${n(t.runs)} runs (seeds ${firstSeed}–${firstSeed + t.runs - 1}) in ${seconds.toFixed(0)} s; ${n(t.files)} files, ${n(t.rows)} row changes`,
    `warehouse+speed layer: ${[...t.byTarget].map(([k, c]) => `${k} ${c}`).join(', ')}`,
    '',
    'faults injected, by kind',
    ...[...t.faults].map(([k, c]) => `  ${k.padEnd(width)}  ${n(c).padStart(7)}`),
    `  ${'total'.padEnd(width)}  ${n([...t.faults.values()].reduce((a, b) => a + b, 0)).padStart(7)}`,
    '',
    `replayed: ${n(t.replayedDlqMessages)} DLQ messages, ${n(t.replayedStreamBatches)} merge-failure batches`,
    `time to drain after the faults: median ${t.drain.median.toFixed(1)} s, p95 ${t.drain.p95.toFixed(1)} s, max ${t.drain.max.toFixed(1)} s`,
    '',
    `rows lost ${n(t.lost)}, duplicated ${n(t.duplicated)}, deleted rows resurrected ${n(t.resurrected)}, wrong values ${n(t.wrong)} (both sinks)`,
    t.failed.length === 0
      ? `all ${n(t.runs)} runs equal the oracle in both sinks`
      : `${t.failed.length} runs FAILED; reproduce each with pnpm chaos --runs 1 --seed <seed>: ${t.failed.join(', ')}`,
  ].join('\n');
}
