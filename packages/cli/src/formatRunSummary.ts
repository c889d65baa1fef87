import type { SinkResult } from '@ferry/core';
import type { RunSummary } from './RunSummary.js';

/** The per-table summary `ferry run` prints for a person. */
export function formatRunSummary(summary: RunSummary): string {
  const header = ['table', 'files', 'warehouse', 'speed layer', 'failed'];
  const rows = summary.tables.map((t) => [
    t.tableId,
    String(t.files),
    describe(t.sinks.warehouse),
    describe(t.sinks.speedLayer),
    String(new Set(t.failures.map((f) => f.fileKey)).size),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  out.push(
    '',
    'sink columns: change rows read → +inserted ~updated -deleted =stale (not applied: a newer change of the row exists),',
    'and files skipped because the sink had already committed them',
  );

  const failures = [...summary.invalid, ...summary.tables.flatMap((t) => t.failures)];
  if (failures.length > 0) {
    out.push('', `FAILED (${failures.length}):`);
    for (const f of failures) out.push(`  ${f.fileKey} [${f.sink}${f.retryable ? ', retryable' : ''}]: ${f.reason}`);
  }
  if (summary.skipped.length > 0) {
    out.push('', `skipped as unmapped (${summary.skipped.length}):`);
    for (const s of summary.skipped.slice(0, 20)) out.push(`  ${s.key}: ${s.reason}`);
    if (summary.skipped.length > 20) out.push(`  … and ${summary.skipped.length - 20} more`);
  }
  out.push('', summary.ok ? 'OK: every mapped file was committed.' : 'NOT OK: some mapped files were not committed.');
  return out.join('\n');
}

function describe(r: SinkResult | undefined): string {
  if (!r) return '-';
  const skipped = r.filesAlreadyApplied.length > 0 ? `, skipped ${r.filesAlreadyApplied.length}` : '';
  return `${r.rows} → +${r.inserted} ~${r.updated} -${r.deleted} =${r.stale}${skipped}`;
}
