import type { QueryResult } from '@ferry/core';

/** Rows as an aligned text table, or JSON lines (one object per row) when `json` is set. */
export function formatQueryResult(result: QueryResult, json: boolean): string {
  if (json) {
    return result.rows
      .map((row) => JSON.stringify(Object.fromEntries(result.columns.map((c, i) => [c, row[i]]))))
      .join('\n');
  }
  const cells = result.rows.map((row) => row.map((v) => (v === null ? 'NULL' : String(v))));
  const widths = result.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join(' | ')
      .trimEnd();
  return [
    line(result.columns),
    widths.map((w) => '-'.repeat(w)).join('-+-'),
    ...cells.map(line),
    `(${cells.length} row${cells.length === 1 ? '' : 's'})`,
  ].join('\n');
}
