import { FerryError } from '@ferry/core';
import { loadMappings } from '@ferry/mappings';
import { formatQuotaPlan, type PlanWarehouse, planWarehouseQuotas } from '@ferry/plan';
import type { PlanCommandOptions } from './PlanCommandOptions.js';

/**
 * `ferry plan`: loads the mappings and computes the plan's sections (today the warehouse quotas), as text or
 * as JSON (`{ "quotas": … }`, one key per section, so later sections add keys). Exit code 1 when a table is
 * over budget, so CI can run it. Bad options throw `FerryError` naming the option.
 */
export async function runPlan(opts: PlanCommandOptions): Promise<{ output: string; exitCode: number }> {
  const mappings = await loadMappings(opts.mappings);
  if (mappings.sources.length === 0) {
    throw new FerryError(`no mapping files in ${opts.mappings}`, {
      hint: 'Point --mappings at the folder of <source>.json files (see docs/mappings.md)',
    });
  }
  const quotas = planWarehouseQuotas(mappings, {
    warehouse: opts.warehouse as PlanWarehouse | undefined,
    window: number('--window', opts.window),
    concurrency: number('--concurrency', opts.concurrency),
    mergeInterval: number('--merge-interval', opts.mergeInterval),
    filesPerMinute: number('--files-per-minute', opts.filesPerMinute),
    rowsPerDay: number('--rows-per-day', opts.rowsPerDay),
    staging: opts.staging as 'binds' | 'copy' | undefined,
    columns: number('--columns', opts.columns),
    mergeSeconds: number('--merge-seconds', opts.mergeSeconds),
    autoSuspend: number('--auto-suspend', opts.autoSuspend),
    creditsPerHour: number('--credits-per-hour', opts.creditsPerHour),
  });
  return {
    output: opts.json ? JSON.stringify({ quotas }, null, 2) : formatQuotaPlan(quotas),
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
