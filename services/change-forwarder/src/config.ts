import { z } from 'zod';

const schema = z.object({
  /** The mapping bundle deployed with the function (a folder of `<source>.json`). */
  FERRY_MAPPINGS_DIR: z.string().min(1).default('mappings'),
  /** The Kinesis stream the change records go to. */
  FERRY_STREAM_NAME: z.string().min(1),
  /** The key masked columns are hashed with (issue 5 moves it to Secrets Manager). */
  FERRY_MASK_KEY: z.string().min(16),
  /** Local S3 stand-ins address buckets by path, not by host name. */
  FERRY_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
});

export type ChangeForwarderConfig = ReturnType<typeof loadConfig>;

/** The function's typed configuration, read from its environment once; a missing value is named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`change-forwarder configuration is invalid: ${problems}`);
  }
  const c = parsed.data;
  return {
    mappingsDir: c.FERRY_MAPPINGS_DIR,
    streamName: c.FERRY_STREAM_NAME,
    maskKey: c.FERRY_MASK_KEY,
    s3ForcePathStyle: c.FERRY_S3_FORCE_PATH_STYLE === 'true',
  };
}
