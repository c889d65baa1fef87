import { z } from 'zod';

const schema = z.object({
  /** The mapping bundle deployed with the function (a folder of `<source>.json`). */
  FERRY_MAPPINGS_DIR: z.string().min(1).default('mappings'),
  /** `duckdb:<file>`, `snowflake://…` or `bigquery://…` (docs/warehouses.md); secrets it names come from Secrets Manager. */
  FERRY_WAREHOUSE: z.string().min(1),
  /** The key masked columns are hashed with: the value (local runs), or the Secrets Manager secret holding it. */
  FERRY_MASK_KEY: z.string().min(16).optional(),
  FERRY_MASK_KEY_SECRET: z.string().min(1).optional(),
  /** Merge each target at most once per this many seconds (0: every batch); BigQuery stages use 180 (docs/warehouses.md). */
  FERRY_MIN_MERGE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(0),
  /** This function's own queue: deferred messages go back to it. Required when the merge interval is on. */
  FERRY_QUEUE_URL: z.string().url().optional(),
  /** Local S3 stand-ins address buckets by path, not by host name. */
  FERRY_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
});

/** The warehouse loader's settings (`loadConfig`). */
export interface WarehouseLoaderConfig {
  readonly mappingsDir: string;
  readonly warehouseUrl: string;
  /** The mask key itself, or (deployed) the secret that holds it: exactly one is set. */
  readonly maskKey?: string | undefined;
  readonly maskKeySecret?: string | undefined;
  readonly s3ForcePathStyle: boolean;
  readonly minMergeIntervalSeconds?: number;
  readonly queueUrl?: string | undefined;
}

/** The function's typed configuration, read from its environment once; a missing value is named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WarehouseLoaderConfig {
  const parsed = schema
    .refine((c) => c.FERRY_MIN_MERGE_INTERVAL_SECONDS === 0 || c.FERRY_QUEUE_URL !== undefined, {
      path: ['FERRY_QUEUE_URL'],
      message: 'required when FERRY_MIN_MERGE_INTERVAL_SECONDS is above 0 (deferred messages go back to it)',
    })
    .refine((c) => (c.FERRY_MASK_KEY === undefined) !== (c.FERRY_MASK_KEY_SECRET === undefined), {
      path: ['FERRY_MASK_KEY_SECRET'],
      message: 'set exactly one of FERRY_MASK_KEY and FERRY_MASK_KEY_SECRET',
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
    maskKeySecret: c.FERRY_MASK_KEY_SECRET,
    s3ForcePathStyle: c.FERRY_S3_FORCE_PATH_STYLE === 'true',
    minMergeIntervalSeconds: c.FERRY_MIN_MERGE_INTERVAL_SECONDS,
    queueUrl: c.FERRY_QUEUE_URL,
  };
}
