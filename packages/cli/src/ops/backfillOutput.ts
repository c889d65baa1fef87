import type { BackfillReport } from '@ferry/ops';

/**
 * What `ferry backfill` prints: a table per mapping entry (and, on a dry run, every file it would send) for a
 * terminal, or JSON lines (`type`: `file` on a dry run, `table`, `skipped`, then one `summary`) otherwise.
 */
export function backfillOutput(report: BackfillReport, json: boolean): string {
  const summary = {
    type: 'summary',
    bucket: report.bucket,
    dryRun: report.dryRun,
    files: report.files.length,
    sent: report.sent,
    skipped: report.skipped.length,
    outsideWindow: report.outsideWindow,
  };
  if (json) {
    const lines: unknown[] = [];
    if (report.dryRun) {
      for (const f of report.files) {
        lines.push({
          type: 'file',
          table: f.table,
          key: f.file.key,
          kind: f.file.kind,
          fileTime: f.file.fileTime,
          size: f.size,
          eTag: f.eTag,
          queues: f.queues,
        });
      }
    }
    for (const t of report.tables) lines.push({ type: 'table', ...t });
    for (const s of report.skipped) lines.push({ type: 'skipped', ...s });
    lines.push(summary);
    return lines.map((l) => JSON.stringify(l)).join('\n');
  }

  const out: string[] = [];
  if (report.dryRun && report.files.length > 0) {
    out.push(
      table(
        ['file', 'kind', 'bytes', 'to'],
        report.files.map((f) => [f.file.key, f.file.kind, String(f.size), f.queues.join('+') || '-']),
      ),
      '',
    );
  }
  const verb = report.dryRun ? 'would send' : 'sent';
  if (report.tables.length > 0) {
    out.push(
      table(
        ['table', 'full load', 'cdc', 'bytes', `warehouse (${verb})`, `stream (${verb})`],
        report.tables.map((t) => [
          t.table,
          String(t.fullLoadFiles),
          String(t.cdcFiles),
          String(t.bytes),
          String(t.warehouse),
          String(t.stream),
        ]),
      ),
      '',
    );
  }
  if (report.skipped.length > 0) {
    out.push(`skipped ${report.skipped.length} object(s) that are not mapped DMS files:`);
    for (const s of report.skipped.slice(0, 20)) out.push(`  ${s.key}: ${s.reason}`);
    if (report.skipped.length > 20) out.push(`  … and ${report.skipped.length - 20} more (--json lists them all)`);
    out.push('');
  }
  const sent = report.dryRun
    ? `dry run: would send ${report.files.length} file(s); nothing was sent`
    : `sent ${report.files.length} file(s): ${report.sent.warehouse} to the warehouse queue, ${report.sent.stream} to the stream queue`;
  const outside = report.outsideWindow > 0 ? ` (${report.outsideWindow} outside --since/--until)` : '';
  out.push(`s3://${report.bucket}: ${sent}${outside}`);
  return out.join('\n');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
