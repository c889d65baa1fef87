import type { QuotaSettings } from './QuotaSettings.js';
import type { TargetQuota } from './TargetQuota.js';

/**
 * `planWarehouseQuotas`' answer: per target table, the jobs or statements the warehouse loader will run at
 * the given settings, and whether they fit. Plain data (JSON-ready: no `Infinity`, no `undefined` values that
 * matter); `formatQuotaPlan` prints it.
 */
export interface QuotaPlan {
  readonly settings: QuotaSettings;
  /** Loader invocations per day the pollers allow (concurrency × 86,400 / window); `null` when window is 0. */
  readonly pollerInvocationsPerDay: number | null;
  /** The model's assumptions, in words, for the output and the docs. */
  readonly assumptions: readonly string[];
  readonly targets: readonly TargetQuota[];
  /** BigQuery only: the project's staging load jobs against its daily quota. */
  readonly bigquery?: {
    readonly tableQuota: number;
    readonly tableBudget: number;
    readonly loadJobsPerDay: number;
    readonly projectLoadJobQuota: number;
    /** The smallest merge interval that keeps every table within the budget (86,400 / budget, rounded up). */
    readonly minimumMergeInterval: number;
  };
  /** Snowflake only: the whole warehouse. */
  readonly snowflake?: {
    readonly mergesPerHour: number;
    readonly statementsPerHour: number;
    /**
     * ESTIMATE of the awake fraction: `low` when merges of different tables share wake-ups (the busiest table's
     * own figure), `high` when they are spread evenly over the hour.
     */
    readonly awakeFraction: { readonly low: number; readonly high: number };
    readonly creditsPerDay: { readonly low: number; readonly high: number };
  };
  /** Every BigQuery table at or under its budget and the project's load jobs under quota (always true elsewhere). */
  readonly ok: boolean;
}
