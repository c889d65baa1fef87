import type { ChaosRunResult } from './ChaosRunResult.js';

/** One line per run, and on failure the differences found and how to reproduce the run. */
export function formatChaosRun(r: ChaosRunResult, index: number, runs: number): string {
  const fired = [...r.faults].filter(([, n]) => n > 0);
  const total = fired.reduce((n, [, c]) => n + c, 0);
  const d = (k: 'lost' | 'duplicated' | 'resurrected' | 'wrong') => r.warehouse[k] + r.speedLayer[k];
  const line = [
    `run ${String(index + 1).padStart(String(runs).length)}/${runs}`,
    `seed ${r.plan.seed}`,
    `${r.plan.warehouse}+${r.plan.speedLayer}`,
    `${r.files} files ${r.rows} rows`,
    `faults ${total} (${fired.map(([k, n]) => `${k} ${n}`).join(', ') || 'none fired'})`,
    `lost ${d('lost')} dup ${d('duplicated')} resurrected ${d('resurrected')} wrong ${d('wrong')}`,
    `drain ${r.drainSeconds.toFixed(1)} s`,
    ...(r.replayed.dlqMessages + r.replayed.streamBatches > 0
      ? [`replayed ${r.replayed.dlqMessages} DLQ messages, ${r.replayed.streamBatches} stream batches`]
      : []),
    r.ok ? 'OK' : 'FAIL',
  ].join('  ');
  if (r.ok) return line;
  const why = [
    ...(r.drained ? [] : ['    the queues did not drain in time']),
    ...(r.deadLetters > 0 ? [`    ${r.deadLetters} messages left in the DLQs or the failure queue`] : []),
    ...[...r.warehouse.examples, ...r.speedLayer.examples].map((e) => `    ${e}`),
    `    reproduce: pnpm chaos --runs 1 --seed ${r.plan.seed}`,
    ...(r.logsDir ? [`    function logs: ${r.logsDir}`] : []),
  ];
  return [line, ...why].join('\n');
}
