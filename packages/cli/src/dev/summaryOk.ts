import type { DevSummary } from './DevSummary.js';

/**
 * Whether a `ferry dev` run ended well: nothing dead-lettered and, unless a person stopped it (Ctrl-C),
 * drained with the sinks matching the source.
 */
export function summaryOk(summary: DevSummary): boolean {
  const { deadLetters: d, matchesSource: m } = summary;
  const dead = d.warehouse + d.stream + d.mergeFailures;
  if (summary.interrupted) return dead === 0;
  return summary.drained && dead === 0 && (m === undefined || (m.warehouse && m.speedLayer));
}
