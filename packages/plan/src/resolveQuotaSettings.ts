import { FerryError } from '@ferry/core';
import { z } from 'zod';
import { PlanWarehouse } from './PlanWarehouse.js';
import type { QuotaSettings } from './QuotaSettings.js';
import type { QuotaSettingsInput } from './QuotaSettingsInput.js';
import { quotaDefaults as d } from './quotaDefaults.js';

const whole = (min: number, max: number, what: string) =>
  z.number({ error: what }).int({ error: what }).min(min, { error: what }).max(max, { error: what }).optional();
const above0 = (what: string) => z.number({ error: what }).positive({ error: what }).optional();

const schema = z.strictObject({
  warehouse: z.enum(Object.values(PlanWarehouse), { error: 'one of bigquery, snowflake, duckdb' }).optional(),
  window: whole(0, d.maxWindow, `a whole number of seconds from 0 to ${d.maxWindow} (the SQS batching window)`),
  concurrency: whole(
    d.minConcurrency,
    d.maxConcurrency,
    `a whole number from ${d.minConcurrency} (the AWS minimum) to ${d.maxConcurrency.toLocaleString('en-US')}`,
  ),
  mergeInterval: whole(0, 86_400, 'a whole number of seconds from 0 (off) to 86,400'),
  filesPerMinute: above0('a number above 0'),
  rowsPerDay: whole(0, Number.MAX_SAFE_INTEGER, 'a whole number, 0 or more'),
  staging: z.enum(['binds', 'copy'], { error: 'binds or copy' }).optional(),
  columns: whole(1, 10_000, 'a whole number from 1 to 10,000'),
  mergeSeconds: above0('a number of seconds above 0'),
  autoSuspend: whole(0, 86_400, 'a whole number of seconds from 0 to 86,400'),
  creditsPerHour: above0('a number above 0'),
});

/**
 * Applies the defaults of `quotaDefaults` to `input` and checks every value. The merge interval defaults per
 * warehouse: 180 s on BigQuery (its per-table quota binds), off elsewhere.
 *
 * Throws `FerryError` naming each bad setting as its `ferry plan` option, with the value given.
 *
 * @example resolveQuotaSettings({ warehouse: 'snowflake', window: 120 })
 */
export function resolveQuotaSettings(input: QuotaSettingsInput = {}): QuotaSettings {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown setting(s) ${issue.keys.join(', ')}`;
      const key = String(issue.path[0]);
      const given = (input as Record<string, unknown>)[key];
      return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be ${issue.message}, got ${JSON.stringify(given)}`;
    });
    throw new FerryError(`invalid plan settings: ${problems.join('; ')}`, {
      hint: 'See ferry plan --help for each option and its default',
    });
  }
  const given = parsed.data;
  const warehouse = given.warehouse ?? PlanWarehouse.bigquery;
  return Object.freeze({
    warehouse,
    window: given.window ?? d.window,
    concurrency: given.concurrency ?? d.concurrency,
    mergeInterval: given.mergeInterval ?? d.mergeInterval[warehouse],
    filesPerMinute: given.filesPerMinute ?? d.filesPerMinute,
    rowsPerDay: given.rowsPerDay ?? d.rowsPerDay,
    staging: given.staging ?? d.staging,
    columns: given.columns ?? d.columns,
    mergeSeconds: given.mergeSeconds ?? d.mergeSeconds,
    autoSuspend: given.autoSuspend ?? d.autoSuspend,
    creditsPerHour: given.creditsPerHour ?? d.creditsPerHour,
  });
}
