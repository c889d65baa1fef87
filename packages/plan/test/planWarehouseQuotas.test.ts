import { join } from 'node:path';
import { FerryError } from '@ferry/core';
import { loadMappings, type Mappings, parseMappings } from '@ferry/mappings';
import type { MappingJson, MappingTableJson } from '@ferry/testkit';
import { warehouseNames } from '@ferry/warehouse';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  formatQuotaPlan,
  planWarehouseQuotas,
  resolveQuotaSettings,
  snowflakeAwakeFraction,
  snowflakeStagingInserts,
  snowflakeStagingStatements,
} from '../src/index.js';

/** The seeds' reference load: 6 source clusters feeding 4 consolidated tables (payments with hard deletes). */
const SIX_SOURCES = join(import.meta.dirname, 'fixtures/six-sources');
/** The repo's own mappings: 2 sources feeding 3 tables. */
const REPO_MAPPINGS = join(import.meta.dirname, '../../../mappings');

let six: Mappings;
let repo: Mappings;
beforeAll(async () => {
  six = await loadMappings(SIX_SOURCES);
  repo = await loadMappings(REPO_MAPPINGS);
});

function table(name: string, deletes: 'soft' | 'hard' = 'soft'): MappingTableJson {
  return { primaryKey: ['id'], warehouse: { schema: 'analytics', table: name, deletes }, speedLayer: { table: name } };
}

function mappingsOf(...files: MappingJson[]): Mappings {
  return parseMappings(files.map((json) => ({ file: `${json.source}.json`, json })));
}

describe('planWarehouseQuotas on BigQuery (FACTS.md §4: 1,500 modifications per table per day)', () => {
  it('keeps every table of the reference load at 480 modifications/day with the defaults (merge interval 180 s)', () => {
    const plan = planWarehouseQuotas(six);

    expect(plan.settings).toMatchObject({ warehouse: 'bigquery', window: 60, concurrency: 2, mergeInterval: 180 });
    expect(plan.targets.map((t) => t.target)).toEqual([
      'analytics.customers',
      'analytics.order_items',
      'analytics.orders',
      'analytics.payments',
    ]);
    for (const t of plan.targets) {
      expect(t.sources).toEqual(['brand-a', 'brand-b', 'brand-c', 'brand-d', 'brand-e', 'brand-f']);
      // 6 sources × 1 file/min × 1,440; 2 pollers × 1,440 windows; 86,400 / 180.
      expect(t).toMatchObject({ fileArrivalsPerDay: 8640, invocationsPerDay: 2880, mergesPerDay: 480 });
      for (const modified of t.bigquery!.tables) {
        expect(modified.modificationsPerDay).toBe(480);
        expect(modified.modificationsPerDay).toBeLessThanOrEqual(500);
        expect(modified.ok).toBe(true);
      }
    }
    expect(plan.targets.find((t) => t.target === 'analytics.payments')!.bigquery!.tables).toEqual([
      { table: 'analytics.payments', role: 'target', modificationsPerDay: 480, budget: 500, ok: true },
      {
        table: 'analytics._ferry_tombstones_payments',
        role: 'tombstones',
        modificationsPerDay: 480,
        budget: 500,
        ok: true,
      },
      { table: 'analytics._ferry_ledger_payments', role: 'ledger', modificationsPerDay: 480, budget: 500, ok: true },
    ]);
    expect(plan.targets[0]!.bigquery!.tables.map((x) => x.role)).toEqual(['target', 'ledger']);
    expect(plan.bigquery).toMatchObject({ loadJobsPerDay: 4 * 480, projectLoadJobQuota: 100_000, tableBudget: 500 });
    expect(plan.ok).toBe(true);
  });

  it('puts every table over budget at 2,880/day without a merge interval (window 60 s, concurrency 2)', () => {
    const plan = planWarehouseQuotas(six, { mergeInterval: 0, window: 60, concurrency: 2 });

    for (const t of plan.targets) {
      expect(t.mergesPerDay).toBe(2880);
      expect(t.bigquery!.tables.every((x) => x.modificationsPerDay === 2880 && !x.ok)).toBe(true);
    }
    expect(plan.ok).toBe(false);
    expect(plan.bigquery!.minimumMergeInterval).toBe(173);
    expect(planWarehouseQuotas(six, { mergeInterval: 173 }).ok).toBe(true);
    expect(planWarehouseQuotas(six, { mergeInterval: 172 }).ok).toBe(false);
  });

  it('merges no more often than files arrive, however often the pollers could invoke', () => {
    // 2 sources → 2,880 files/day per table; the pollers could invoke 2 × 86,400 / 30 = 5,760 times.
    const plan = planWarehouseQuotas(repo, { mergeInterval: 0, window: 30 });
    expect(plan.pollerInvocationsPerDay).toBe(5760);
    expect(plan.targets.map((t) => [t.target, t.invocationsPerDay, t.mergesPerDay])).toEqual([
      ['analytics.customers', 2880, 2880],
      ['analytics.order_items', 2880, 2880],
      ['analytics.orders', 2880, 2880],
    ]);

    const unbatched = planWarehouseQuotas(six, { mergeInterval: 0, window: 0, filesPerMinute: 0.25 });
    expect(unbatched.pollerInvocationsPerDay).toBeNull();
    expect(unbatched.targets[0]).toMatchObject({
      fileArrivalsPerDay: 2160,
      invocationsPerDay: 2160,
      mergesPerDay: 2160,
    });
  });

  it('spreads the rows per day over the mapped source tables, then over the merges', () => {
    const plan = planWarehouseQuotas(six);
    // 40,000,000 over 24 source tables, 6 per target; 10,000,000 over 480 merges, rounded up.
    expect(plan.targets[0]).toMatchObject({ rowsPerDay: 10_000_000, rowsPerMerge: 20_834 });

    const uneven = mappingsOf(
      {
        source: 'a',
        prefix: 'a/',
        tenant: { column: 't', value: 'a' },
        timestampColumn: 'DMS_TIMESTAMP',
        tables: { 's.x': table('x'), 's.y': table('y') },
      },
      {
        source: 'b',
        prefix: 'b/',
        tenant: { column: 't', value: 'b' },
        timestampColumn: 'DMS_TIMESTAMP',
        tables: { 's.x': table('x') },
      },
    );
    const spread = planWarehouseQuotas(uneven, { rowsPerDay: 3000 });
    expect(spread.targets.map((t) => [t.target, t.sources.length, t.rowsPerDay])).toEqual([
      ['analytics.x', 2, 2000],
      ['analytics.y', 1, 1000],
    ]);
  });

  it("fails the project's 100,000 load jobs/day even when every table is within its budget", () => {
    const tables = Object.fromEntries(Array.from({ length: 210 }, (_, i) => [`s.t${i}`, table(`t${i}`)]));
    const wide = mappingsOf({ source: 'a', prefix: 'a/', timestampColumn: 'DMS_TIMESTAMP', tables });
    const plan = planWarehouseQuotas(wide);

    expect(plan.targets.every((t) => t.bigquery!.tables.every((x) => x.ok))).toBe(true);
    expect(plan.bigquery!.loadJobsPerDay).toBe(210 * 480);
    expect(plan.ok).toBe(false);
    expect(formatQuotaPlan(plan)).toMatch(/OVER QUOTA: 100,800 load jobs\/day exceed the project's 100,000/);
  });

  it('leaves out tables that skip the warehouse', () => {
    const none = mappingsOf({
      source: 'a',
      prefix: 'a/',
      timestampColumn: 'DMS_TIMESTAMP',
      tables: { 's.x': { ...table('x'), warehouse: false } as unknown as MappingTableJson },
    });
    const plan = planWarehouseQuotas(none);
    expect(plan.targets).toEqual([]);
    expect(plan.ok).toBe(true);
    expect(formatQuotaPlan(plan)).toContain('No mapped table goes to the warehouse.');
  });

  it('names the tombstone tables as packages/warehouse creates them', () => {
    const payments = planWarehouseQuotas(six).targets.find((t) => t.deletes === 'hard')!;
    expect(payments.bigquery!.tables[1]!.table).toBe(`analytics.${warehouseNames.tombstonesPrefix}payments`);
  });
});

describe('planWarehouseQuotas on Snowflake (FACTS.md §5)', () => {
  it('counts merges and statements per hour at the reference load, and finds the warehouse awake all day', () => {
    const plan = planWarehouseQuotas(six, { warehouse: 'snowflake' });

    expect(plan.settings).toMatchObject({ mergeInterval: 0, staging: 'copy' });
    for (const t of plan.targets) {
      // 2,880 merges/day of 10,000,000 / 2,880 = 3,473 rows; staged by one PUT and one COPY INTO.
      expect(t).toMatchObject({ mergesPerDay: 2880, rowsPerMerge: 3473 });
      expect(t.snowflake).toMatchObject({
        mergesPerHour: 120,
        stagingStatements: 2,
        statementsPerMerge: t.deletes === 'hard' ? 18 : 17,
        statementsPerHour: t.deletes === 'hard' ? 2160 : 2040,
        awakeFractionAlone: 1,
      });
    }
    expect(plan.snowflake).toEqual({
      mergesPerHour: 480,
      statementsPerHour: 3 * 2040 + 2160,
      awakeFraction: { low: 1, high: 1 },
      creditsPerDay: { low: 24, high: 24 },
    });
    expect(plan.ok).toBe(true);

    // With array binds: one INSERT of ≤ 3,913 rows × 23 values.
    const binds = planWarehouseQuotas(six, { warehouse: 'snowflake', staging: 'binds' });
    expect(
      binds.targets.map((t) => [t.deletes, t.snowflake!.stagingStatements, t.snowflake!.statementsPerMerge]),
    ).toEqual([
      ['soft', 1, 16],
      ['soft', 1, 16],
      ['soft', 1, 16],
      ['hard', 1, 17],
    ]);
  });

  it('estimates a partly idle warehouse when a merge interval spaces the merges', () => {
    const plan = planWarehouseQuotas(six, { warehouse: 'snowflake', mergeInterval: 900, creditsPerHour: 2 });
    // 4 merges/hour per table, each waking the warehouse for 10 s + 60 s: 280 s an hour alone, 1,120 s for 16.
    expect(plan.targets[0]!.snowflake!.awakeFractionAlone).toBe(0.0778);
    expect(plan.snowflake!.awakeFraction).toEqual({ low: 0.0778, high: 0.3111 });
    expect(plan.snowflake!.creditsPerDay).toEqual({ low: 3.73, high: 14.93 });
  });

  it('adds a staging INSERT per 90,000 values as the rows of a merge grow (binds), where COPY stays at two', () => {
    const settings = { warehouse: 'snowflake', rowsPerDay: 4_000_000_000, columns: 20 } as const;
    const plan = planWarehouseQuotas(six, { ...settings, staging: 'binds' });
    // 1,000,000,000 rows / 2,880 merges = 347,223 rows; 3,913 rows of 23 values per INSERT.
    expect(plan.targets[0]!.snowflake!.stagingStatements).toBe(89);
    expect(plan.targets[0]!.snowflake!.statementsPerMerge).toBe(15 + 89);
    expect(planWarehouseQuotas(six, { ...settings, staging: 'copy' }).targets[0]!.snowflake!.statementsPerMerge).toBe(
      15 + 2,
    );
    expect(snowflakeStagingStatements('copy', 0, 20)).toEqual([]);
    expect(snowflakeStagingStatements('binds', 0, 20)).toEqual([]);
    expect(snowflakeStagingInserts(3913, 20)).toBe(1);
    expect(snowflakeStagingInserts(3914, 20)).toBe(2);
    expect(snowflakeStagingInserts(0, 20)).toBe(0);
  });
});

describe('snowflakeAwakeFraction (an estimate)', () => {
  it('is all day when the next merge comes before the warehouse would suspend', () => {
    expect(snowflakeAwakeFraction(60, 10, 60)).toBe(1);
    expect(snowflakeAwakeFraction(52, 10, 60)).toBe(1); // 69 s apart, awake 70 s each
    expect(snowflakeAwakeFraction(51, 10, 60)).toBeCloseTo((51 * 70) / 3600, 10); // 71 s apart
  });
  it('bills at least 60 s per resume, and nothing without merges', () => {
    expect(snowflakeAwakeFraction(4, 1, 0)).toBeCloseTo((4 * 60) / 3600, 10);
    expect(snowflakeAwakeFraction(4, 10, 120)).toBeCloseTo((4 * 130) / 3600, 10);
    expect(snowflakeAwakeFraction(0, 10, 60)).toBe(0);
  });
});

describe('resolveQuotaSettings', () => {
  it('defaults the merge interval per warehouse: 180 s on BigQuery, off elsewhere', () => {
    expect(resolveQuotaSettings({}).mergeInterval).toBe(180);
    expect(resolveQuotaSettings({ warehouse: 'bigquery', mergeInterval: 0 }).mergeInterval).toBe(0);
    expect(resolveQuotaSettings({ warehouse: 'snowflake' }).mergeInterval).toBe(0);
    expect(resolveQuotaSettings({ warehouse: 'duckdb' }).mergeInterval).toBe(0);
  });

  it('refuses what the event source mapping cannot be set to, naming each option and value', () => {
    const attempt = () => resolveQuotaSettings({ window: 301, concurrency: 1, filesPerMinute: 0 });
    expect(attempt).toThrow(FerryError);
    expect(attempt).toThrow(/--window must be a whole number of seconds from 0 to 300 .*got 301/);
    expect(attempt).toThrow(/--concurrency must be a whole number from 2 \(the AWS minimum\).*got 1/);
    expect(attempt).toThrow(/--files-per-minute must be a number above 0, got 0/);
    expect(() => resolveQuotaSettings({ window: 1.5 })).toThrow(/--window .*got 1\.5/);
    expect(() => resolveQuotaSettings({ rowsPerDay: Number.NaN })).toThrow(/--rows-per-day/);
    expect(() => resolveQuotaSettings({ warehouse: 'redshift' as never })).toThrow(
      /--warehouse must be one of bigquery, snowflake, duckdb, got "redshift"/,
    );
    expect(() => resolveQuotaSettings({ staging: 'pipe' as never })).toThrow(/--staging must be binds or copy/);
    expect(() => resolveQuotaSettings({ batchSize: 10 } as never)).toThrow(/unknown setting\(s\) batchSize/);
  });
});

describe('formatQuotaPlan', () => {
  it('marks each table PASS or OVER and says which merge interval fits the budget', () => {
    const ok = formatQuotaPlan(planWarehouseQuotas(six));
    expect(ok).toMatch(/analytics\._ferry_tombstones_payments\s+tombstones\s+480\s+PASS/);
    expect(ok).toMatch(/Project load jobs\/day \(staging, one per merge\): 1,920 of 100,000\s+PASS/);
    expect(ok).toContain('OK: every table stays at or under 500 modifications/day.');
    expect(ok).toContain('at most once per 60-s batching window under steady traffic');

    const over = formatQuotaPlan(planWarehouseQuotas(six, { mergeInterval: 0 }));
    expect(over).toMatch(/analytics\.orders\s+target\s+2,880\s+OVER/);
    expect(over).toContain('OVER BUDGET: 9 table(s) above 500 modifications/day. Set --merge-interval 173 or more');
  });

  it('shows Snowflake statements per merge and flags the awake time as an estimate', () => {
    const text = formatQuotaPlan(planWarehouseQuotas(six, { warehouse: 'snowflake' }));
    expect(text).toContain('analytics.payments (hard): 18 statements');
    expect(text).toMatch(/\n\s+1 {2}COPY INTO _ferry_stage_<table>\n/);
    expect(text).toMatch(/\n\s+1 {2}MERGE INTO _ferry_tombstones_<table>\n/);
    expect(text).toContain('awake* 100.0%–100.0% of the day');
    expect(text).toContain('* ESTIMATE');
  });
});
