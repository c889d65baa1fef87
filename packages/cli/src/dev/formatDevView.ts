import type { DevView, LatencyView } from './DevStats.js';

/** The live terminal view of `ferry dev`, and its final summary. */
export function formatDevView(view: DevView, header: string): string {
  const head = ['table', 'files', 'rows written', 'warehouse rows', 'lag', 'speed-layer rows', 'lag', 'failures'];
  const rows = view.tables.map((t) => [
    t.table,
    `${t.warehouseFiles}/${t.filesWritten}`,
    String(t.rowsWritten),
    String(t.warehouseRows),
    seconds(t.warehouseLag),
    String(t.speedLayerRows),
    seconds(t.speedLayerLag),
    String(t.failures),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [header, '', line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ''];
  out.push(`object written → rows committed: warehouse ${latency(view.latency.warehouse)}`);
  out.push(`                                 speed layer ${latency(view.latency.speedLayer)}`);
  if (view.failures.length > 0) {
    out.push('', 'recent failures:');
    for (const f of view.failures) out.push(`  [${f.fn}] ${f.what}`);
  }
  return out.join('\n');
}

function seconds(s: number | undefined): string {
  return s === undefined ? '-' : `${s.toFixed(1)}s`;
}

function latency(l: LatencyView): string {
  if (l.files === 0) return '(no files yet)';
  return `p50 ${seconds(l.p50)}  p99 ${seconds(l.p99)}  max ${seconds(l.max)}  over ${l.files} files`;
}
