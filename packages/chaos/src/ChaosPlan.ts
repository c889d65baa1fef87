import type { WorkloadOptions } from '@ferry/testkit';

/** The functions a plan can make fail. */
export type ChaosFunction = 'warehouse-loader' | 'change-forwarder' | 'merge-worker';

/** Invocation or call numbers, counted from 1 in the order they happen. */
export type CallNumbers = readonly number[];

/**
 * What one chaos run does, drawn from its seed by `drawChaosPlan`: the same seed gives the same plan (the
 * interleaving of concurrent handlers still varies, as it does in AWS).
 */
export interface ChaosPlan {
  readonly seed: number;
  readonly workload: WorkloadOptions;
  readonly warehouse: 'duckdb' | 'snowflake' | 'bigquery';
  readonly speedLayer: 'postgres' | 'mysql';
  /** SQS receives before a message goes to its DLQ. */
  readonly maxReceiveCount: number;
  /** Kinesis event source mapping retries before a batch goes to the on-failure queue. */
  readonly maximumRetryAttempts: number;
  /** Every object write in order: the workload file's index and how often its event is published. */
  readonly deliveries: readonly { readonly file: number; readonly times: number }[];
  readonly crashBefore: Readonly<Record<ChaosFunction, CallNumbers>>;
  readonly crashAfter: Readonly<Record<ChaosFunction, CallNumbers>>;
  /** Invocations that succeed, then report their batch failed (SQS: every message; Kinesis: from the first record). */
  readonly redeliver: Readonly<Record<ChaosFunction, CallNumbers>>;
  /** PutRecords calls after which the forwarder dies. */
  readonly putRecordsCrash: CallNumbers;
  /** PutRecords calls whose every other entry is throttled. */
  readonly putRecordsThrottle: CallNumbers;
  /** Speed-layer transactions whose second statement meets a reset connection. */
  readonly brokenTransactions: CallNumbers;
  /** Warehouse `applyFiles` calls that meet a warehouse error. */
  readonly warehouseErrors: CallNumbers;
  /** Warehouse `applyFiles` calls whose MERGE fails after staging (Snowflake and BigQuery only). */
  readonly afterStaging: CallNumbers;
  /** The speed layer goes down just before this delivery, for `ms`. */
  readonly speedLayerOutage?: { readonly atDelivery: number; readonly ms: number };
  /** The functions' process is killed just before this delivery (once something is in flight). */
  readonly kill?: { readonly atDelivery: number };
}
