import { FerryError } from '@ferry/core';
import { loadStageConfig, type StageConfig } from '@ferry/deploy';
import { loadMappings } from '@ferry/mappings';
import {
  diffMappings,
  formatMappingsDiff,
  formatQuotaPlan,
  type PlanWarehouse,
  planWarehouseQuotas,
} from '@ferry/plan';
import { loadBaseMappings } from './loadBaseMappings.js';
import type { PlanCommandOptions } from './PlanCommandOptions.js';

/**
 * `ferry plan`: loads the mappings and computes the plan's sections, as text or as JSON (one key per section):
 * with `--stage` (or `--base`), `changes`: what a deploy would change against the mappings the stage runs now
 * (the `deployed/<stage>` tag), and always `quotas`: the warehouse jobs/statements per table, with the stage's
 * warehouse and batching settings (`config/<stage>.json`) unless options override them. Exit code 1 when a table
 * is over budget, so CI can run it. Bad options throw `FerryError` naming the option.
 */
export async function runPlan(opts: PlanCommandOptions): Promise<{ output: string; exitCode: number }> {
  const mappings = await loadMappings(opts.mappings);
  if (mappings.sources.length === 0) {
    throw new FerryError(`no mapping files in ${opts.mappings}`, {
      hint: 'Point --mappings at the folder of <source>.json files (see docs/mappings.md)',
    });
  }
  const stage: StageConfig | undefined =
    opts.stage === undefined ? undefined : await loadStageConfig(opts.stage, { root: process.cwd() });
  const quotas = planWarehouseQuotas(mappings, {
    warehouse: (opts.warehouse ?? stage?.warehouse.kind) as PlanWarehouse | undefined,
    window: number('--window', opts.window) ?? stage?.warehouseLoader.batchingWindowSeconds,
    concurrency: number('--concurrency', opts.concurrency) ?? stage?.warehouseLoader.maximumConcurrency,
    mergeInterval: number('--merge-interval', opts.mergeInterval) ?? stage?.warehouse.minMergeIntervalSeconds,
    filesPerMinute: number('--files-per-minute', opts.filesPerMinute),
    rowsPerDay: number('--rows-per-day', opts.rowsPerDay),
    staging: opts.staging as 'binds' | 'copy' | undefined,
    columns: number('--columns', opts.columns),
    mergeSeconds: number('--merge-seconds', opts.mergeSeconds),
    autoSuspend: number('--auto-suspend', opts.autoSuspend),
    creditsPerHour: number('--credits-per-hour', opts.creditsPerHour),
  });
  const base =
    opts.stage === undefined && opts.base === undefined
      ? undefined
      : await loadBaseMappings({ mappingsDir: opts.mappings, base: opts.base, stage: opts.stage });
  const changes = base === undefined ? undefined : { against: base.against, ...diffMappings(base.mappings, mappings) };
  const text = [
    ...(opts.stage === undefined ? [] : [`Stage ${opts.stage} (config/${opts.stage}.json)`]),
    ...(changes === undefined ? [] : [formatMappingsDiff(changes, changes.against), '']),
    formatQuotaPlan(quotas),
  ].join('\n');
  return {
    output: opts.json
      ? JSON.stringify(
          { ...(opts.stage === undefined ? {} : { stage: opts.stage }), ...(changes ? { changes } : {}), quotas },
          null,
          2,
        )
      : text,
    exitCode: quotas.ok ? 0 : 1,
  };
}

/** An option's text as a number (`1_000` and `1,000` are not numbers here: write 1000). */
function number(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) {
    throw new FerryError(`${flag} must be a number, got ${JSON.stringify(text)}`, {
      hint: 'See ferry plan --help',
    });
  }
  return value;
}
