/**
 * The defaults of the quota model and the limits it checks against. Where each number comes from:
 * - SQS event source mapping: `MaximumBatchingWindowInSeconds` ≤ 300, `MaximumConcurrency` ≥ 2 (FACTS.md §2);
 * - DMS flushes a CDC file per table about every minute while the table changes (FACTS.md §1);
 * - BigQuery: 1,500 modifications per table per day, failed jobs included; 100,000 load jobs per project per
 *   day (FACTS.md §4). The planner's budget is a third of the table quota, leaving room for retries;
 * - Snowflake: the SDK stages array binds above 100,000 values, so `SnowflakeWarehouse` sends at most 90,000
 *   per INSERT; each warehouse resume bills at least 60 s (FACTS.md §5);
 * - the reference load of the seeds: 6 source clusters, 40,000,000 row changes a day.
 */
export const quotaDefaults = {
  window: 60,
  maxWindow: 300,
  concurrency: 2,
  minConcurrency: 2,
  maxConcurrency: 1000,
  /** Minimum seconds between two merges of one target: on by default where the per-table quota binds. */
  mergeInterval: { bigquery: 180, snowflake: 0, duckdb: 0 },
  filesPerMinute: 1,
  rowsPerDay: 40_000_000,
  /** Snowflake staging, as `SnowflakeWarehouse` defaults: one PUT + one COPY INTO per batch. */
  staging: 'copy',
  /** Data columns of a target table (tenant column included): the mappings do not list columns. */
  columns: 20,
  /** Snowflake, an estimate: seconds one merge keeps the warehouse busy. */
  mergeSeconds: 10,
  /** Snowflake: the warehouse's AUTO_SUSPEND. */
  autoSuspend: 60,
  /** Snowflake: credits per running hour (X-Small = 1). */
  creditsPerHour: 1,
  snowflakeValuesPerInsert: 90_000,
  snowflakeMinimumBilledSeconds: 60,
  bigQueryTableQuota: 1500,
  bigQueryTableBudget: 500,
  bigQueryProjectLoadJobQuota: 100_000,
} as const;
