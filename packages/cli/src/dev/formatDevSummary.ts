import type { DevSummary } from './DevSummary.js';
import { formatDevView } from './formatDevView.js';
import { summaryOk } from './summaryOk.js';

/** The summary `ferry dev` prints when it stops, for a person. */
export function formatDevSummary(summary: DevSummary): string {
  const out = [
    formatDevView(
      summary,
      `ferry dev: wrote ${summary.filesWritten} files, ${summary.rowsWritten} row changes in ${summary.seconds.toFixed(1)}s (${summary.rate.toFixed(0)} rows/s)`,
    ),
    '',
    summary.interrupted
      ? 'stopped by Ctrl-C: every invocation in flight finished; what was still queued was left undelivered'
      : `drained: ${summary.drained ? 'yes' : 'NO: the queues did not empty in time'}`,
    `dead letters: warehouse DLQ ${summary.deadLetters.warehouse}, stream DLQ ${summary.deadLetters.stream}, merge on-failure ${summary.deadLetters.mergeFailures}`,
  ];
  const m = summary.matchesSource;
  if (m) {
    out.push(`matches the source: warehouse ${m.warehouse ? 'yes' : 'NO'}, speed layer ${m.speedLayer ? 'yes' : 'NO'}`);
  }
  out.push('', summaryOk(summary) ? 'OK' : 'NOT OK', 'Logs: .ferry/dev/logs/<function>.log');
  out.push(
    'Query: pnpm ferry query warehouse "select * from analytics.orders_live limit 5" --warehouse duckdb:.ferry/dev/warehouse.duckdb',
    '       pnpm ferry query speed-layer "select brand_id, count(*) from orders group by 1" --speed-layer pglite:.ferry/dev/speed-layer',
  );
  return out.join('\n');
}
