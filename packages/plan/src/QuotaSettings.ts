import type { PlanWarehouse } from './PlanWarehouse.js';

/**
 * What the quota model is computed for, every default applied (see `resolveQuotaSettings`). The names are the
 * `ferry plan` options in camelCase; times are in seconds.
 */
export interface QuotaSettings {
  readonly warehouse: PlanWarehouse;
  /** The warehouse queue's event source mapping `MaximumBatchingWindowInSeconds` (0–300). */
  readonly window: number;
  /** Its `ScalingConfig.MaximumConcurrency` (AWS minimum 2). */
  readonly concurrency: number;
  /** Minimum seconds between two merges of one target table; 0 = off. */
  readonly mergeInterval: number;
  /** DMS files per minute per source table while it changes. */
  readonly filesPerMinute: number;
  /** Row changes per day over all mapped tables. */
  readonly rowsPerDay: number;
  /** Snowflake: how a batch reaches the staging table (`SnowflakeWarehouse`'s `staging`; default `copy`). */
  readonly staging: 'binds' | 'copy';
  /** Data columns per target table (tenant column included), for Snowflake's staging INSERTs (`binds`). */
  readonly columns: number;
  /** Snowflake, an estimate: seconds one merge keeps the warehouse busy. */
  readonly mergeSeconds: number;
  /** Snowflake: the warehouse's AUTO_SUSPEND in seconds. */
  readonly autoSuspend: number;
  /** Snowflake: credits per running hour of the warehouse's size (X-Small = 1). */
  readonly creditsPerHour: number;
}
