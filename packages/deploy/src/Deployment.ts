/**
 * What `scripts/serverless` hands serverless.yml as `custom.ferry`: a stage's settings and generated resources,
 * all derived from `config/<stage>.json` and the mappings.
 */
export interface Deployment {
  readonly stage: string;
  readonly region: string;
  /** One per mapping file, sorted: the landing bucket's notification filters. */
  readonly notificationPrefixes: readonly string[];
  readonly bucket: { readonly name: unknown; readonly arn: unknown };
  /** serverless-esbuild `exclude`: the AWS SDK (in the runtime) and `esbuildLeftOut`. */
  readonly esbuildExclude: readonly string[];
  /** Packages this stage never loads: their static imports become empty stand-ins (scripts/serverless). */
  readonly esbuildLeftOut: readonly string[];
  readonly logRetentionInDays: number;
  readonly queues: { readonly retentionSeconds: number; readonly deadLetterRetentionSeconds: number };
  readonly warehouseLoader: SqsFunction;
  readonly changeForwarder: SqsFunction;
  readonly mergeWorker: LambdaFunction & {
    readonly batchSize: number;
    readonly batchWindow: number;
    readonly parallelizationFactor: number;
    readonly maximumRetryAttempts: number;
    readonly maximumRecordAgeInSeconds: number;
    readonly vpc: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  };
  readonly notifier: LambdaFunction;
  /** Merged into the template's `resources`: the bucket and its policy, the stream, the roles, the alarms. */
  readonly resources: { readonly Resources: Record<string, unknown>; readonly Outputs: Record<string, unknown> };
}

interface LambdaFunction {
  readonly timeout: number;
  readonly memorySize: number;
  readonly environment: Record<string, unknown>;
  /** serverless `package.patterns`: the files besides the bundle (the mapping bundle). */
  readonly patterns: readonly string[];
}

interface SqsFunction extends LambdaFunction {
  readonly batchSize: number;
  readonly maximumBatchingWindow: number;
  readonly maximumConcurrency: number;
  readonly maxReceiveCount: number;
  /** At least 6× the function timeout plus the batching window (Lambda's guidance for SQS event sources). */
  readonly visibilityTimeout: number;
}
