import { z } from 'zod';

const schema = z.object({
  /** The mapping bundle deployed with the function (a folder of `<source>.json`). */
  FERRY_MAPPINGS_DIR: z.string().min(1).default('mappings'),
  /**
   * `postgres://…`, `mysql://…`, or `pglite:<dir>` locally; deployed, the Secrets Manager secret holding the URL
   * (it carries the database password) in FERRY_SPEED_LAYER_SECRET instead.
   */
  FERRY_SPEED_LAYER: z.string().min(1).optional(),
  FERRY_SPEED_LAYER_SECRET: z.string().min(1).optional(),
});

/** The merge worker's settings (`loadConfig`). */
export interface MergeWorkerConfig {
  readonly mappingsDir: string;
  /** The speed layer's URL, or (deployed) the secret that holds it: exactly one is set. */
  readonly speedLayerUrl?: string | undefined;
  readonly speedLayerUrlSecret?: string | undefined;
}

/** The function's typed configuration, read from its environment once; a missing value is named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): MergeWorkerConfig {
  const parsed = schema
    .refine((c) => (c.FERRY_SPEED_LAYER === undefined) !== (c.FERRY_SPEED_LAYER_SECRET === undefined), {
      path: ['FERRY_SPEED_LAYER_SECRET'],
      message: 'set exactly one of FERRY_SPEED_LAYER and FERRY_SPEED_LAYER_SECRET',
    })
    .safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`merge-worker configuration is invalid: ${problems}`);
  }
  return {
    mappingsDir: parsed.data.FERRY_MAPPINGS_DIR,
    speedLayerUrl: parsed.data.FERRY_SPEED_LAYER,
    speedLayerUrlSecret: parsed.data.FERRY_SPEED_LAYER_SECRET,
  };
}
