import type { BigQueryTableQuota } from './BigQueryTableQuota.js';
import type { SnowflakeTargetCost } from './SnowflakeTargetCost.js';

/** The model's figures for one warehouse target table. */
export interface TargetQuota {
  /** `<namespace>.<table>`. */
  readonly target: string;
  readonly deletes: 'soft' | 'hard';
  readonly sources: readonly string[];
  /** DMS files landing for this table per day: mapping entries × files per minute × 1,440. */
  readonly fileArrivalsPerDay: number;
  /** Loader invocations carrying this table per day: min(file arrivals, concurrency × 86,400 / window). */
  readonly invocationsPerDay: number;
  /** Merges per day: the invocations, at most 86,400 / merge interval when the interval is on. */
  readonly mergesPerDay: number;
  readonly rowsPerDay: number;
  /** Rows of one merge, on average (rounded up). */
  readonly rowsPerMerge: number;
  /** BigQuery only: every table a merge modifies, and the staging load jobs (project quota). */
  readonly bigquery?: { readonly tables: readonly BigQueryTableQuota[]; readonly loadJobsPerDay: number };
  /** Snowflake only. */
  readonly snowflake?: SnowflakeTargetCost;
}
