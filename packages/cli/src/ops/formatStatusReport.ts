import type { TableStatusReport } from '@ferry/ops';

/** `ferry status` on a terminal: one line per table and sink, then the dead-letter depths and the verdict. */
export function formatStatusReport(report: TableStatusReport): string {
  const header = ['table', 'sink', 'last commit', 'lag', 'files 1h/24h', 'rows 1h/24h', 'state'];
  const lines = report.tables.map((r) => [
    r.table,
    r.sink,
    r.lastCommittedAt?.replace('T', ' ').replace(/\.\d+Z$/, 'Z') ?? '-',
    r.lagSeconds === undefined ? '-' : duration(r.lagSeconds),
    `${r.filesLastHour}/${r.filesLastDay}`,
    `${r.rowsLastHour}/${r.rowsLastDay}`,
    r.state === 'ok'
      ? 'OK'
      : r.state === 'failing'
        ? `FAILING (${r.failedFiles} file${r.failedFiles === 1 ? '' : 's'} in the DLQ: see \`file failed\` in the logs)`
        : r.state === 'never'
          ? 'NEVER COMMITTED'
          : `STALE (> ${r.freshnessMinutes} min)`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [render(header), ...lines.map(render)];
  const dlqs = Object.entries(report.deadLetters);
  if (dlqs.length > 0) out.push('', ...dlqs.map(([queue, n]) => `${queue}: ${n} message${n === 1 ? '' : 's'}`));
  out.push(
    '',
    report.breaches === 0
      ? `all ${report.tables.length} table/sink pairs fresh (at ${report.at})`
      : `${report.breaches} of ${report.tables.length} table/sink pairs failing, stale or never committed (at ${report.at})`,
  );
  return out.join('\n');
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}
