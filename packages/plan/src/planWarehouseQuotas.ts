import type { Mappings } from '@ferry/mappings';
import type { BigQueryTableQuota } from './BigQueryTableQuota.js';
import { groupWarehouseTargets } from './groupWarehouseTargets.js';
import { PlanWarehouse } from './PlanWarehouse.js';
import type { QuotaPlan } from './QuotaPlan.js';
import type { QuotaSettings } from './QuotaSettings.js';
import type { QuotaSettingsInput } from './QuotaSettingsInput.js';
import { quotaDefaults } from './quotaDefaults.js';
import { resolveQuotaSettings } from './resolveQuotaSettings.js';
import { snowflakeAwakeFraction } from './snowflakeAwakeFraction.js';
import { snowflakeMergeStatements } from './snowflakeMergeStatements.js';
import { snowflakeStagingStatements } from './snowflakeStagingStatements.js';
import type { TargetQuota } from './TargetQuota.js';
import type { WarehouseTarget } from './WarehouseTarget.js';

const DAY = 86_400;
const MINUTES_PER_DAY = 1440;

/**
 * The quota and cost model of the warehouse loader (issue 4, item 5), per target table of `mappings`:
 *
 * - files/day = mapping entries (sources) × files per minute × 1,440 (DMS: one file per table per minute while
 *   the table changes, FACTS.md §1);
 * - invocations carrying the table/day = min(files/day, concurrency × 86,400 / window): each concurrent SQS
 *   poller invokes at most once per batching window under steady traffic (the model's assumption);
 * - merges/day = invocations, at most 86,400 / merge interval when the interval is on: a table merged less than
 *   that long ago waits for the next merge;
 * - BigQuery: each merge is one load job into a fresh staging table (project quota) and one transaction that
 *   modifies the target (MERGE), its tombstones (hard deletes) and its ledger `_ferry_ledger_<table>` once each;
 *   every one of those tables is checked against a budget of 500/day, a third of the 1,500 quota (FACTS.md §4);
 * - Snowflake: statements per merge (`snowflakeMergeStatements`), per hour, and an ESTIMATE of the warehouse's
 *   awake fraction (`snowflakeAwakeFraction`).
 *
 * Row changes (`rowsPerDay`) are spread evenly over the mapping entries, then over each table's merges.
 * Throws `FerryError` for invalid settings (`resolveQuotaSettings`).
 *
 * @example planWarehouseQuotas(await loadMappings('mappings'), { warehouse: 'bigquery', mergeInterval: 180 })
 */
export function planWarehouseQuotas(mappings: Mappings, input: QuotaSettingsInput = {}): QuotaPlan {
  const settings = resolveQuotaSettings(input);
  const targets = groupWarehouseTargets(mappings);
  const entries = targets.reduce((n, t) => n + t.entries.length, 0);
  const pollerInvocationsPerDay = settings.window === 0 ? null : (settings.concurrency * DAY) / settings.window;
  const intervalMerges = settings.mergeInterval > 0 ? DAY / settings.mergeInterval : null;
  const budget = quotaDefaults.bigQueryTableBudget;

  const quotas = targets.map((t): TargetQuota => {
    const fileArrivalsPerDay = t.entries.length * settings.filesPerMinute * MINUTES_PER_DAY;
    const invocations =
      pollerInvocationsPerDay === null ? fileArrivalsPerDay : Math.min(fileArrivalsPerDay, pollerInvocationsPerDay);
    const mergesPerDay = Math.floor(intervalMerges === null ? invocations : Math.min(invocations, intervalMerges));
    const rowsPerDay = entries === 0 ? 0 : round((settings.rowsPerDay * t.entries.length) / entries, 0);
    const rowsPerMerge = mergesPerDay === 0 ? 0 : Math.ceil(rowsPerDay / mergesPerDay);
    const base = {
      target: t.target,
      deletes: t.deletes,
      sources: t.sources,
      fileArrivalsPerDay: round(fileArrivalsPerDay, 2),
      invocationsPerDay: Math.floor(invocations),
      mergesPerDay,
      rowsPerDay,
      rowsPerMerge,
    };
    switch (settings.warehouse) {
      case PlanWarehouse.bigquery:
        return { ...base, bigquery: { tables: bigQueryTables(t, mergesPerDay, budget), loadJobsPerDay: mergesPerDay } };
      case PlanWarehouse.snowflake:
        return { ...base, snowflake: snowflakeCost(t, mergesPerDay, rowsPerMerge, settings) };
      default:
        return base;
    }
  });

  const plan = {
    settings,
    pollerInvocationsPerDay: pollerInvocationsPerDay === null ? null : Math.floor(pollerInvocationsPerDay),
    assumptions: assumptions(settings, entries),
    targets: quotas,
  };
  if (settings.warehouse === PlanWarehouse.bigquery) {
    const loadJobsPerDay = quotas.reduce((n, q) => n + (q.bigquery?.loadJobsPerDay ?? 0), 0);
    const tablesOk = quotas.every((q) => q.bigquery?.tables.every((table) => table.ok) ?? true);
    return {
      ...plan,
      bigquery: {
        tableQuota: quotaDefaults.bigQueryTableQuota,
        tableBudget: budget,
        loadJobsPerDay,
        projectLoadJobQuota: quotaDefaults.bigQueryProjectLoadJobQuota,
        minimumMergeInterval: Math.ceil(DAY / budget),
      },
      ok: tablesOk && loadJobsPerDay <= quotaDefaults.bigQueryProjectLoadJobQuota,
    };
  }
  if (settings.warehouse === PlanWarehouse.snowflake) {
    const mergesPerHour = quotas.reduce((n, q) => n + (q.snowflake?.mergesPerHour ?? 0), 0);
    const statementsPerHour = quotas.reduce((n, q) => n + (q.snowflake?.statementsPerHour ?? 0), 0);
    const low = Math.max(0, ...quotas.map((q) => q.snowflake?.awakeFractionAlone ?? 0));
    const high = snowflakeAwakeFraction(mergesPerHour, settings.mergeSeconds, settings.autoSuspend);
    const credits = (fraction: number) => round(fraction * 24 * settings.creditsPerHour, 2);
    return {
      ...plan,
      snowflake: {
        mergesPerHour: round(mergesPerHour, 2),
        statementsPerHour: round(statementsPerHour, 2),
        awakeFraction: { low: round(low, 4), high: round(high, 4) },
        creditsPerDay: { low: credits(low), high: credits(high) },
      },
      ok: true,
    };
  }
  return { ...plan, ok: true };
}

/** The tables one BigQuery merge modifies, each its own quota (table names as packages/warehouse builds them). */
function bigQueryTables(t: WarehouseTarget, merges: number, budget: number): BigQueryTableQuota[] {
  const qualified = (name: string) => (t.namespace === undefined ? name : `${t.namespace}.${name}`);
  const row = (table: string, role: BigQueryTableQuota['role']): BigQueryTableQuota => ({
    table,
    role,
    modificationsPerDay: merges,
    budget,
    ok: merges <= budget,
  });
  return [
    row(t.target, 'target'),
    ...(t.deletes === 'hard' ? [row(qualified(`_ferry_tombstones_${t.name}`), 'tombstones')] : []),
    row(qualified(`_ferry_ledger_${t.name}`), 'ledger'),
  ];
}

function snowflakeCost(t: WarehouseTarget, merges: number, rowsPerMerge: number, settings: QuotaSettings) {
  const mergesPerHour = merges / 24;
  const staging = snowflakeStagingStatements(settings.staging, rowsPerMerge, settings.columns);
  const statements = snowflakeMergeStatements(t.deletes, staging);
  const statementsPerMerge = statements.reduce((n, s) => n + s.count, 0);
  return {
    mergesPerHour: round(mergesPerHour, 2),
    stagingStatements: staging.reduce((n, s) => n + s.count, 0),
    statements,
    statementsPerMerge,
    statementsPerHour: round(statementsPerMerge * mergesPerHour, 2),
    awakeFractionAlone: round(snowflakeAwakeFraction(mergesPerHour, settings.mergeSeconds, settings.autoSuspend), 4),
  };
}

function assumptions(s: QuotaSettings, entries: number): string[] {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `DMS writes ${n(s.filesPerMinute)} file(s) per minute per source table, all day (CdcMaxBatchInterval 60 s: about one a minute while a table changes).`,
    s.window === 0
      ? 'Batching window 0: every file arrival may invoke the loader, so invocations carrying a table = its file arrivals.'
      : `Each of the ${n(s.concurrency)} concurrent SQS pollers invokes the loader at most once per ${n(s.window)}-s batching window under steady traffic, and an invocation merges each table it carries once: invocations carrying a table ≤ min(file arrivals, ${n(s.concurrency)} × 86,400 / ${n(s.window)}). This needs the event source mapping's BatchSize above the files arriving per window (a full batch invokes early).`,
    s.mergeInterval > 0
      ? `A table merged less than ${n(s.mergeInterval)} s ago is not merged again (its files wait for the next merge): merges/day ≤ 86,400 / ${n(s.mergeInterval)}.`
      : 'No minimum merge interval: every invocation carrying a table merges it.',
    `${n(s.rowsPerDay)} row changes/day spread evenly over the ${n(entries)} mapped source table(s), and evenly over each table's merges.`,
  ];
  if (s.warehouse === PlanWarehouse.bigquery) {
    lines.push(
      'Each merge: 1 load job into a fresh staging table _ferry_stage_<table>_<hash> (the project quota of 100,000/day, not the target), then one transaction modifying the target (MERGE), _ferry_tombstones_<table> (hard deletes) and _ferry_ledger_<table> once each.',
      `Budget ${n(quotaDefaults.bigQueryTableBudget)} modifications/day per table: a third of the ${n(quotaDefaults.bigQueryTableQuota)} quota, leaving room for retries and failed jobs, which count too. Column additions (rare) add one ALTER each and are not counted.`,
    );
  }
  if (s.warehouse === PlanWarehouse.snowflake) {
    lines.push(
      `Statements as mergeFiles runs them on an existing table with no new column (a new table or column adds DDL). ${
        s.staging === 'copy'
          ? 'Staging "copy": one PUT and one COPY INTO per merge (the session\'s CREATE TEMPORARY STAGE runs once per connection, not counted).'
          : `Staging "binds": array-bind INSERTs of at most ${n(quotaDefaults.snowflakeValuesPerInsert)} values, ${n(s.columns)} data columns + 3 per row.`
      }`,
      `Awake time is an ESTIMATE: each merge assumed busy ${n(s.mergeSeconds)} s, AUTO_SUSPEND ${n(s.autoSuspend)} s, at least 60 s billed per resume. "low" = merges of all tables share wake-ups (the busiest table alone), "high" = spread evenly over the hour. Credits at ${n(s.creditsPerHour)} credit(s)/hour.`,
    );
  }
  if (s.warehouse === PlanWarehouse.duckdb) lines.push('DuckDB runs locally: no quotas and no billing to check.');
  return lines;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
