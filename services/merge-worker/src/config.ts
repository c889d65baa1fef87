import { z } from 'zod';

const schema = z.object({
  /** The mapping bundle deployed with the function (a folder of `<source>.json`). */
  FERRY_MAPPINGS_DIR: z.string().min(1).default('mappings'),
  /** `postgres://…`, `mysql://…`, or `pglite:<dir>` locally (issue 5 moves credentials to Secrets Manager). */
  FERRY_SPEED_LAYER: z.string().min(1),
});

export type MergeWorkerConfig = ReturnType<typeof loadConfig>;

/** The function's typed configuration, read from its environment once; a missing value is named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`merge-worker configuration is invalid: ${problems}`);
  }
  return { mappingsDir: parsed.data.FERRY_MAPPINGS_DIR, speedLayerUrl: parsed.data.FERRY_SPEED_LAYER };
}
