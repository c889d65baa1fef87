import { z } from 'zod';

const schema = z.object({
  /** The mapping bundle deployed with the function (a folder of `<source>.json`). */
  FERRY_MAPPINGS_DIR: z.string().min(1).default('mappings'),
  /** `duckdb:<file>`, `snowflake://…` or `bigquery://…` (docs/warehouses.md); secrets it names come from Secrets Manager. */
  FERRY_WAREHOUSE: z.string().min(1),
  /** The key masked columns are hashed with (issue 5 moves it to Secrets Manager). */
  FERRY_MASK_KEY: z.string().min(16),
  /** Merge each target at most once per this many seconds (0: every batch); BigQuery stages use 180 (docs/warehouses.md). */
  FERRY_MIN_MERGE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(0),
  /** This function's own queue: deferred messages go back to it. Required when the merge interval is on. */
  FERRY_QUEUE_URL: z.string().url().optional(),
  /** Local S3 stand-ins address buckets by path, not by host name. */
  FERRY_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
});

export type WarehouseLoaderConfig = ReturnType<typeof loadConfig>;

/** The function's typed configuration, read from its environment once; a missing value is named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = schema
    .refine((c) => c.FERRY_MIN_MERGE_INTERVAL_SECONDS === 0 || c.FERRY_QUEUE_URL !== undefined, {
      path: ['FERRY_QUEUE_URL'],
      message: 'required when FERRY_MIN_MERGE_INTERVAL_SECONDS is above 0 (deferred messages go back to it)',
    })
    .safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`warehouse-loader configuration is invalid: ${problems}`);
  }
  const c = parsed.data;
  return {
    mappingsDir: c.FERRY_MAPPINGS_DIR,
    warehouseUrl: c.FERRY_WAREHOUSE,
    maskKey: c.FERRY_MASK_KEY,
    s3ForcePathStyle: c.FERRY_S3_FORCE_PATH_STYLE === 'true',
    minMergeIntervalSeconds: c.FERRY_MIN_MERGE_INTERVAL_SECONDS,
    queueUrl: c.FERRY_QUEUE_URL,
  };
}
