import type { Measurement } from './measure.js';
import type { MergeFigures } from './merge.js';
import type { ParseFigures } from './parse.js';
import type { UpsertFigures } from './upsert.js';

/** Everything one bench run measured, as `--json` prints it. */
export interface BenchReport {
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly node: string;
    readonly duckdb: string;
    /** 1-minute load average when the bench started: how busy the shared machine was. */
    readonly loadAverage: number;
  };
  readonly file: { readonly path: string; readonly rows: number; readonly bytes: number; readonly rowGroups: number };
  readonly runs: number;
  readonly parse?: ParseFigures;
  readonly upsert?: readonly UpsertFigures[];
  readonly merge?: MergeFigures;
  readonly errors: readonly { readonly measurement: string; readonly error: string }[];
  readonly ratios: readonly Ratio[];
}

/** A figure over its baseline or ceiling, judged against the target where it sets one. */
export interface Ratio {
  readonly name: string;
  readonly rowsPerSecond: number;
  /** The baseline's or ceiling's rows/s. */
  readonly againstRowsPerSecond: number;
  readonly ratio: number;
  /** The least ratio the issue asks for; absent where it sets none (reported for information). */
  readonly target?: number;
  readonly verdict: 'PASS' | 'MISS' | 'info';
}

/** The targets (issue 2, "Done when"): parse ≥ 0.3× DuckDB; guarded ≥ 0.7× multi-row and ≥ 10× per-row on both servers. */
export function ratios(parse?: ParseFigures, upsert: readonly UpsertFigures[] = []): Ratio[] {
  const out: Ratio[] = [];
  const add = (name: string, figure: Measurement, base: Measurement, target: number | undefined) => {
    const rates = { rowsPerSecond: figure.rowsPerSecond, againstRowsPerSecond: base.rowsPerSecond };
    const ratio = figure.rowsPerSecond / base.rowsPerSecond;
    const verdict = target === undefined ? 'info' : ratio >= target ? 'PASS' : 'MISS';
    out.push(target === undefined ? { name, ...rates, ratio, verdict } : { name, ...rates, ratio, target, verdict });
  };
  if (parse) {
    add('parse: ferry reader / DuckDB native read', parse.ferry, parse.duckdb, 0.3);
    add('parse: ferry reader / DuckDB native read, 1 thread', parse.ferry, parse.duckdbOneThread, undefined);
  }
  for (const u of upsert) {
    // The targets are set for the servers; PGlite's ratios are shown beside them for information.
    const server = u.dialect !== 'pglite';
    add(`${u.dialect}: guarded upsert / unguarded multi-row INSERT`, u.guarded, u.multiRow, server ? 0.7 : undefined);
    add(`${u.dialect}: guarded upsert / per-row upsert loop`, u.guarded, u.perRow, server ? 10 : undefined);
  }
  return out;
}

/** The report as a table for a person. */
export function formatReport(report: BenchReport): string {
  const { machine, file } = report;
  const measurements: [string, Measurement][] = [];
  if (report.parse) {
    const p = report.parse;
    measurements.push(['parse', p.ferry], ['parse', p.duckdb], ['parse', p.duckdbOneThread]);
  }
  for (const u of report.upsert ?? [])
    measurements.push(['upsert', u.guarded], ['upsert', u.multiRow], ['upsert', u.perRow]);
  if (report.merge) measurements.push(['merge', report.merge.insert], ['merge', report.merge.update]);

  const lines = [
    `ferry bench: ${int(file.rows)}-row DMS full load (${file.path}, ${mb(file.bytes)}, ${file.rowGroups} row groups)`,
    `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, DuckDB ${machine.duckdb}; ` +
      `load average ${machine.loadAverage.toFixed(2)} at start (shared and noisy: compare figures within this run)`,
    `each figure: median of ${report.runs} runs, each run into a fresh table`,
    '',
    table(
      ['', 'measurement', 'rows', 'median s', 'rows/s'],
      measurements.map(([kind, m]) => [kind, m.label, int(m.rows), m.medianSeconds.toFixed(2), int(m.rowsPerSecond)]),
    ),
    '',
    table(
      ['ferry figure / its baseline or ceiling', 'rows/s', 'against', 'ratio', 'target', ''],
      report.ratios.map((r) => [
        r.name,
        int(r.rowsPerSecond),
        int(r.againstRowsPerSecond),
        `${r.ratio.toFixed(2)}×`,
        r.target === undefined ? '—' : `≥ ${r.target}×`,
        r.verdict,
      ]),
    ),
  ];
  for (const u of report.upsert ?? []) lines.push(`${u.dialect}: ${u.server}`);
  for (const e of report.errors) lines.push(`ERROR in ${e.measurement}: ${e.error}`);
  return `${lines.join('\n')}\n`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [head, ...rows];
  const widths = head.map((_, c) => Math.max(...all.map((r) => [...r[c]!].length)));
  const numeric = (c: number) => rows.every((r) => /^[\d,.×≥ —]*$/.test(r[c]!)) && c > 0;
  return all
    .map((r) =>
      r
        .map((cell, c) => (numeric(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function int(n: number): string {
  return Math.round(n).toLocaleString('en');
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}
