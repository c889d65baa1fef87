import { PlanWarehouse } from './PlanWarehouse.js';
import type { QuotaPlan } from './QuotaPlan.js';

/**
 * The quota section of `ferry plan` as text: the settings, one row per target table, the warehouse's limits
 * (BigQuery: every modified table against its budget and the project's load jobs; Snowflake: statements per
 * merge and per hour, the awake estimate), the model's assumptions, and a closing verdict line.
 */
export function formatQuotaPlan(plan: QuotaPlan): string {
  const s = plan.settings;
  const out = [
    `Warehouse quotas (${s.warehouse}${s.warehouse === PlanWarehouse.snowflake ? `, staging ${s.staging}` : ''}): batching window ${n(s.window)} s, concurrency ${n(s.concurrency)}, merge interval ${s.mergeInterval === 0 ? 'off' : `${n(s.mergeInterval)} s`}, ${n(s.filesPerMinute)} file(s)/min per source table, ${n(s.rowsPerDay)} rows/day`,
    '',
  ];
  if (plan.targets.length === 0) {
    out.push('No mapped table goes to the warehouse.');
    return out.join('\n');
  }
  const snowflake = s.warehouse === PlanWarehouse.snowflake;
  out.push(
    ...table(
      [
        'target',
        'deletes',
        'sources',
        'files/day',
        'invocations/day',
        'merges/day',
        'rows/merge',
        ...(snowflake ? ['merges/hour', 'statements/merge', 'statements/hour', 'awake alone*'] : []),
      ],
      plan.targets.map((t) => [
        t.target,
        t.deletes,
        n(t.sources.length),
        n(t.fileArrivalsPerDay),
        n(t.invocationsPerDay),
        n(t.mergesPerDay),
        n(t.rowsPerMerge),
        ...(t.snowflake === undefined
          ? []
          : [
              n(t.snowflake.mergesPerHour),
              n(t.snowflake.statementsPerMerge),
              n(t.snowflake.statementsPerHour),
              percent(t.snowflake.awakeFractionAlone),
            ]),
      ]),
    ),
  );

  if (plan.bigquery !== undefined) {
    const bq = plan.bigquery;
    out.push(
      '',
      `BigQuery modifications per table per day (budget ${n(bq.tableBudget)}: a third of the ${n(bq.tableQuota)} quota)`,
      ...table(
        ['table', 'role', 'jobs/day', 'status'],
        plan.targets.flatMap((t) =>
          (t.bigquery?.tables ?? []).map((x) => [x.table, x.role, n(x.modificationsPerDay), x.ok ? 'PASS' : 'OVER']),
        ),
      ),
      `Project load jobs/day (staging, one per merge): ${n(bq.loadJobsPerDay)} of ${n(bq.projectLoadJobQuota)}  ${bq.loadJobsPerDay <= bq.projectLoadJobQuota ? 'PASS' : 'OVER'}`,
    );
  }

  if (plan.snowflake !== undefined) {
    const sf = plan.snowflake;
    out.push('', 'Statements of one merge (an existing table, no new column):');
    const shapes = new Map<string, { targets: string[]; lines: string[]; total: number }>();
    for (const t of plan.targets) {
      if (t.snowflake === undefined) continue;
      const lines = t.snowflake.statements
        .filter((x) => x.count > 0)
        .map((x) => `    ${String(x.count).padStart(3)}  ${x.statement}`);
      const key = lines.join('\n');
      const shape = shapes.get(key) ?? { targets: [], lines, total: t.snowflake.statementsPerMerge };
      shape.targets.push(`${t.target} (${t.deletes})`);
      shapes.set(key, shape);
    }
    for (const shape of shapes.values()) {
      out.push(`  ${shape.targets.join(', ')}: ${n(shape.total)} statements`, ...shape.lines);
    }
    out.push(
      '',
      `Warehouse: ${n(sf.mergesPerHour)} merges/hour, ${n(sf.statementsPerHour)} statements/hour; awake* ${percent(sf.awakeFraction.low)}–${percent(sf.awakeFraction.high)} of the day ≈ ${n(sf.creditsPerDay.low)}–${n(sf.creditsPerDay.high)} credits/day at ${n(s.creditsPerHour)} credit(s)/hour`,
      `* ESTIMATE: merge ${n(s.mergeSeconds)} s, AUTO_SUSPEND ${n(s.autoSuspend)} s, 60 s minimum per resume (--merge-seconds, --auto-suspend, --credits-per-hour)`,
    );
  }

  out.push('', 'Model:', ...plan.assumptions.map((a) => `  - ${a}`), '');
  if (plan.bigquery !== undefined) {
    const over = plan.targets.flatMap((t) => (t.bigquery?.tables ?? []).filter((x) => !x.ok));
    out.push(
      plan.ok
        ? `OK: every table stays at or under ${n(plan.bigquery.tableBudget)} modifications/day.`
        : over.length > 0
          ? `OVER BUDGET: ${n(over.length)} table(s) above ${n(plan.bigquery.tableBudget)} modifications/day. Set --merge-interval ${n(plan.bigquery.minimumMergeInterval)} or more (86,400 / ${n(plan.bigquery.tableBudget)}).`
          : `OVER QUOTA: ${n(plan.bigquery.loadJobsPerDay)} load jobs/day exceed the project's ${n(plan.bigquery.projectLoadJobQuota)}. Raise --merge-interval or the batching window.`,
    );
  } else {
    out.push(`OK: ${s.warehouse} has no per-table job quota to exceed.`);
  }
  return out.join('\n');
}

function n(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Left-aligned text columns, numbers right-aligned, with a rule under the header. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[\d,.%]+$/.test(r[i] ?? '')));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
