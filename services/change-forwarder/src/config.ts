import { z } from 'zod';

const schema = z.object({
  /** The mapping bundle deployed with the function (a folder of `<source>.json`). */
  FERRY_MAPPINGS_DIR: z.string().min(1).default('mappings'),
  /** The Kinesis stream the change records go to. */
  FERRY_STREAM_NAME: z.string().min(1),
  /** The key masked columns are hashed with: the value (local runs), or the Secrets Manager secret holding it. */
  FERRY_MASK_KEY: z.string().min(16).optional(),
  FERRY_MASK_KEY_SECRET: z.string().min(1).optional(),
  /** Local S3 stand-ins address buckets by path, not by host name. */
  FERRY_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
});

/** The change forwarder's settings (`loadConfig`). */
export interface ChangeForwarderConfig {
  readonly mappingsDir: string;
  readonly streamName: string;
  /** The mask key itself, or (deployed) the secret that holds it: exactly one is set. */
  readonly maskKey?: string | undefined;
  readonly maskKeySecret?: string | undefined;
  readonly s3ForcePathStyle: boolean;
}

/** The function's typed configuration, read from its environment once; a missing value is named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ChangeForwarderConfig {
  const parsed = schema
    .refine((c) => (c.FERRY_MASK_KEY === undefined) !== (c.FERRY_MASK_KEY_SECRET === undefined), {
      path: ['FERRY_MASK_KEY_SECRET'],
      message: 'set exactly one of FERRY_MASK_KEY and FERRY_MASK_KEY_SECRET',
    })
    .safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`change-forwarder configuration is invalid: ${problems}`);
  }
  const c = parsed.data;
  return {
    mappingsDir: c.FERRY_MAPPINGS_DIR,
    streamName: c.FERRY_STREAM_NAME,
    maskKey: c.FERRY_MASK_KEY,
    maskKeySecret: c.FERRY_MASK_KEY_SECRET,
    s3ForcePathStyle: c.FERRY_S3_FORCE_PATH_STYLE === 'true',
  };
}
