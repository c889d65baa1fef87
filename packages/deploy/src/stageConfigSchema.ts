import { z } from 'zod';

const PARTITION = 'aws(?:-cn|-us-gov)?';
const SECRET_ARN = new RegExp(`^arn:${PARTITION}:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+$`);
const SECRET_NAME = /^(?!arn:)[A-Za-z0-9/_+=.@-]{1,512}$/;
// IAM policies name KMS keys by key ARN; an alias ARN would match nothing in kms:Decrypt's Resource.
const KMS_KEY_ARN = new RegExp(`^arn:${PARTITION}:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+$`);
const BUCKET_NAME = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
// CloudWatch Logs takes only these retention periods.
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const int = (min: number, max: number, what: string) =>
  z
    .number({ error: `must be a whole number: ${what}` })
    .int({ error: `must be a whole number: ${what}` })
    .min(min, { error: `must be at least ${min}: ${what}` })
    .max(max, { error: `must be at most ${max}: ${what}` });

/** A Secrets Manager secret, by full ARN (as the console shows it) or by name. */
const secretRef = (what: string) =>
  z
    .string({ error: `must be a string: the Secrets Manager ARN or name of ${what}` })
    .refine((s) => SECRET_ARN.test(s) || SECRET_NAME.test(s), {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>) or name (letters, digits and /_+=.@-)`,
    })
    .describe(`The Secrets Manager secret (full ARN, or name) that holds ${what}.`);

const kmsKeyArn = z.string({ error: 'must be a string: a KMS key ARN' }).regex(KMS_KEY_ARN, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a KMS key ARN: use arn:aws:kms:<region>:<account>:key/<key id> (IAM policies cannot name a key by alias)`,
});

const lambda = (timeoutSeconds: number, memoryMb: number) => ({
  timeoutSeconds: int(3, 900, 'the function timeout in seconds (Lambda allows 3 to 900)').default(timeoutSeconds),
  memoryMb: int(128, 10240, 'the function memory in MB (128 to 10,240)').default(memoryMb),
});

const sqsConsumer = (d: {
  batchSize: number;
  batchingWindowSeconds: number;
  maximumConcurrency: number;
  timeoutSeconds: number;
  memoryMb: number;
}) =>
  z
    .strictObject({
      batchSize: int(1, 10000, 'messages per invocation (SQS event source: 1 to 10,000)').default(d.batchSize),
      batchingWindowSeconds: int(0, 300, 'seconds the event source waits to fill a batch (0 to 300)').default(
        d.batchingWindowSeconds,
      ),
      maximumConcurrency: int(2, 1000, 'concurrent invocations the SQS event source may run (2 to 1,000)').default(
        d.maximumConcurrency,
      ),
      maxReceiveCount: int(1, 1000, 'receives before a message moves to the dead-letter queue').default(5),
      ...lambda(d.timeoutSeconds, d.memoryMb),
    })
    .prefault({});

/**
 * The shape of `config/<stage>.json`: everything a stage's deploy needs besides the mappings. Secrets are named
 * (ARN or name), never held. Defaults that depend on other fields (the merge interval) are filled by
 * `parseStageConfig`; rules across fields are checked there too.
 */
export const stageConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    region: z
      .string({ error: 'must be a string: the AWS region, e.g. "ap-northeast-2"' })
      .regex(/^[a-z]{2}(?:-[a-z]+)+-\d$/, { error: (i) => `${JSON.stringify(i.input)} is not an AWS region` })
      .describe('The AWS region the stage deploys to.'),
    warehouse: z
      .strictObject({
        kind: z.enum(['snowflake', 'bigquery']).describe('Which warehouse the loader writes to.'),
        url: z
          .string({ error: 'must be a string: the warehouse URL (docs/warehouses.md)' })
          .min(1)
          .describe(
            'The warehouse URL; it names its secrets (privateKeySecret=, credentialsSecret=), never holds them.',
          ),
        minMergeIntervalSeconds: int(0, 3600, 'the minimum seconds between two merges of one target table')
          .optional()
          .describe('Merge each target at most once per this many seconds. Default: 180 on BigQuery, 0 otherwise.'),
        googleCredentialConfig: z
          .string()
          .min(1)
          .optional()
          .describe(
            'BigQuery with workload identity federation: the credential configuration file (no secret in it), relative to the repository; it ships with the loader as GOOGLE_APPLICATION_CREDENTIALS.',
          ),
      })
      .describe('The warehouse the loader lands batches in.')
      // BigQuery counts every MERGE against 1,500 modifications per table per day (docs/warehouses.md).
      .transform((w) => ({
        ...w,
        minMergeIntervalSeconds: w.minMergeIntervalSeconds ?? (w.kind === 'bigquery' ? 180 : 0),
      })),
    speedLayer: z
      .strictObject({
        kind: z.enum(['postgres', 'mysql']).describe('Which database driver the merge worker carries.'),
        urlSecret: secretRef('the speed layer URL (postgres://… or mysql://…, with its password)'),
        subnetIds: z
          .array(
            z
              .string()
              .regex(/^subnet-[0-9a-f]{8,17}$/, { error: (i) => `${JSON.stringify(i.input)} is not a subnet id` }),
          )
          .min(1, { error: 'must list at least one subnet that can reach the database' })
          .describe('Subnets the merge worker runs in (they must reach the database and Secrets Manager).'),
        securityGroupIds: z
          .array(
            z
              .string()
              .regex(/^sg-[0-9a-f]{8,17}$/, { error: (i) => `${JSON.stringify(i.input)} is not a security group id` }),
          )
          .min(1, { error: 'must list at least one security group the database admits' })
          .describe('Security groups of the merge worker.'),
      })
      .describe('The MySQL or PostgreSQL database the merge worker writes to, in a VPC.'),
    landingBucket: z
      .discriminatedUnion(
        'mode',
        [
          z.strictObject({
            mode: z.literal('create'),
            name: z
              .string()
              .regex(BUCKET_NAME, { error: (i) => `${JSON.stringify(i.input)} is not a valid S3 bucket name` })
              .optional()
              .describe('Default: ferry-<stage>-landing-<account>-<region>.'),
            kmsKeyArn: kmsKeyArn
              .optional()
              .describe('Encrypt objects with this KMS key (writers then need kms:GenerateDataKey). Default: SSE-S3.'),
          }),
          z.strictObject({
            mode: z.literal('existing'),
            name: z
              .string({ error: 'must be a string: the name of the existing bucket' })
              .regex(BUCKET_NAME, { error: (i) => `${JSON.stringify(i.input)} is not a valid S3 bucket name` }),
          }),
        ],
        { error: 'must be {"mode": "create"} (optionally with "name") or {"mode": "existing", "name": "<bucket>"}' },
      )
      .describe('Where DMS writes: a bucket this stack creates, or an existing one by name.'),
    stream: z
      .strictObject({
        capacity: z
          .discriminatedUnion(
            'mode',
            [
              z.strictObject({ mode: z.literal('on-demand') }),
              z.strictObject({
                mode: z.literal('provisioned'),
                shards: int(1, 10000, 'the number of shards of the provisioned stream'),
              }),
            ],
            { error: 'must be {"mode": "on-demand"} or {"mode": "provisioned", "shards": <n>}' },
          )
          .default({ mode: 'on-demand' }),
        kmsKeyArn: kmsKeyArn.optional().describe('Default: the AWS-managed key alias/aws/kinesis.'),
      })
      .prefault({})
      .describe('The Kinesis stream between the change forwarder and the merge worker.'),
    warehouseLoader: sqsConsumer({
      batchSize: 100,
      batchingWindowSeconds: 60,
      maximumConcurrency: 2,
      timeoutSeconds: 300,
      memoryMb: 1024,
    }),
    changeForwarder: sqsConsumer({
      batchSize: 10,
      batchingWindowSeconds: 0,
      maximumConcurrency: 10,
      timeoutSeconds: 120,
      memoryMb: 1024,
    }),
    mergeWorker: z
      .strictObject({
        batchSize: int(1, 10000, 'records per invocation (Kinesis event source: 1 to 10,000)').default(500),
        batchingWindowSeconds: int(0, 300, 'seconds the event source waits to fill a batch (0 to 300)').default(1),
        parallelizationFactor: int(1, 10, 'concurrent batches per shard (1 to 10)').default(1),
        maximumRetryAttempts: int(
          0,
          10000,
          'retries of a failed batch before its metadata goes to the on-failure queue (bounded: -1, forever, is refused)',
        ).default(100),
        maximumRecordAgeSeconds: int(60, 604800, 'the age after which a record is given up (60 to 604,800)').default(
          21600,
        ),
        ...lambda(60, 512),
      })
      .prefault({}),
    notifier: z.strictObject(lambda(30, 256)).prefault({}),
    alarms: z
      .strictObject({
        dlqDepth: int(1, 100000, 'messages in a dead-letter or on-failure queue that raise the alarm').default(1),
        iteratorAgeSeconds: int(1, 604800, 'the merge worker’s iterator age that raises the alarm').default(300),
        errors: int(1, 100000, 'function errors in 5 minutes that raise the alarm').default(1),
        freshnessMinutes: int(
          1,
          10080,
          'minutes a file may wait in a queue, or a table lag, before the alarm is raised',
        ).default(30),
      })
      .prefault({}),
    secrets: z
      .strictObject({
        maskKey: secretRef('the key masked columns are hashed with'),
        slackWebhook: secretRef('the Slack incoming-webhook URL the notifier posts to'),
        kmsKeyArns: z
          .array(kmsKeyArn)
          .default([])
          .describe('Customer-managed keys the secrets are encrypted with (kms:Decrypt through Secrets Manager).'),
      })
      .describe('Secrets the functions read at run time.'),
    retention: z
      .strictObject({
        logDays: z
          .number()
          .refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), {
            error: (i) =>
              `${JSON.stringify(i.input)} is not a CloudWatch Logs retention: use one of ${LOG_RETENTION_DAYS.join(', ')}`,
          })
          .default(30),
        queueDays: int(1, 14, 'days a message stays in the warehouse and stream queues (SQS: 1 to 14)').default(4),
        deadLetterDays: int(1, 14, 'days a message stays in a dead-letter or on-failure queue (SQS: 1 to 14)').default(
          14,
        ),
        streamHours: int(24, 8760, 'hours the Kinesis stream keeps records (24 to 8,760)').default(24),
      })
      .prefault({}),
  })
  .meta({ title: 'ferry stage configuration', description: 'config/<stage>.json: one deployed stage.' });
