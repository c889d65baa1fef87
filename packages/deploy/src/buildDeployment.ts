import { FerryError } from '@ferry/core';
import type { Mappings } from '@ferry/mappings';
import { alarmResources } from './alarmResources.js';
import { changeStream } from './changeStream.js';
import { checkStageName } from './checkStageName.js';
import type { Deployment } from './Deployment.js';
import { esbuildExclude } from './esbuildExclude.js';
import { functionEnvironments } from './functionEnvironments.js';
import { functionRoles } from './functionRoles.js';
import { landingBucket } from './landingBucket.js';
import { landingBucketPolicy } from './landingBucketPolicy.js';
import type { StageConfig } from './StageConfig.js';

const DAY = 86_400;
/**
 * A stage's deployment from its config and the validated mappings: function settings, and the generated
 * CloudFormation (landing bucket with one notification per mapped prefix, the bucket policy granting each mapping's
 * writer, the stream, one least-privilege role per function, the alarms). A mapping change therefore changes the
 * notifications, the policies, the alarms and, through the bundled mapping files, every function's code.
 * `mappingsDir` is the folder the mappings were read from, relative to the repository (default `mappings`): its
 * files are the bundle.
 */
export function buildDeployment(
  stage: string,
  config: StageConfig,
  mappings: Mappings,
  options: { mappingsDir?: string } = {},
): Deployment {
  checkStageName(stage);
  if (mappings.sources.length === 0) {
    throw new FerryError('no mapping files: a stage without mapped sources has nothing to deploy', {
      hint: 'Add one <source>.json per DMS source to the mappings folder (docs/mappings.md)',
    });
  }
  const dir = options.mappingsDir ?? 'mappings';
  // The mapping bundle each mapping-reading function carries; the generated JSON Schema is for editors only.
  const MAPPING_BUNDLE = [`${dir}/*.json`, `!${dir}/mappings.schema.json`];
  const bucket = landingBucket(stage, config, mappings);
  const exclude = esbuildExclude(config);
  const env = functionEnvironments(stage, config, dir);
  const sqsFunction = (fn: 'warehouseLoader' | 'changeForwarder', patterns: readonly string[]) => {
    const c = config[fn];
    return {
      timeout: c.timeoutSeconds,
      memorySize: c.memoryMb,
      environment: env[fn],
      patterns,
      batchSize: c.batchSize,
      maximumBatchingWindow: c.batchingWindowSeconds,
      maximumConcurrency: c.maximumConcurrency,
      maxReceiveCount: c.maxReceiveCount,
      visibilityTimeout: 6 * c.timeoutSeconds + c.batchingWindowSeconds,
    };
  };
  const credentialConfig = config.warehouse.googleCredentialConfig;
  const m = config.mergeWorker;
  return {
    stage,
    region: config.region,
    notificationPrefixes: bucket.prefixes,
    bucket: { name: bucket.name, arn: bucket.arn },
    esbuildExclude: [...exclude.runtime, ...exclude.leftOut],
    esbuildLeftOut: exclude.leftOut,
    logRetentionInDays: config.retention.logDays,
    queues: {
      retentionSeconds: config.retention.queueDays * DAY,
      deadLetterRetentionSeconds: config.retention.deadLetterDays * DAY,
    },
    warehouseLoader: sqsFunction('warehouseLoader', [
      ...MAPPING_BUNDLE,
      ...(credentialConfig === undefined ? [] : [credentialConfig]),
    ]),
    changeForwarder: sqsFunction('changeForwarder', MAPPING_BUNDLE),
    mergeWorker: {
      timeout: m.timeoutSeconds,
      memorySize: m.memoryMb,
      environment: env.mergeWorker,
      patterns: MAPPING_BUNDLE,
      batchSize: m.batchSize,
      batchWindow: m.batchingWindowSeconds,
      parallelizationFactor: m.parallelizationFactor,
      maximumRetryAttempts: m.maximumRetryAttempts,
      maximumRecordAgeInSeconds: m.maximumRecordAgeSeconds,
      vpc: { subnetIds: config.speedLayer.subnetIds, securityGroupIds: config.speedLayer.securityGroupIds },
    },
    notifier: {
      timeout: config.notifier.timeoutSeconds,
      memorySize: config.notifier.memoryMb,
      environment: env.notifier,
      patterns: [],
    },
    resources: {
      Resources: {
        ...bucket.resources,
        ...landingBucketPolicy(mappings, bucket),
        ...changeStream(stage, config),
        ...functionRoles(stage, config, bucket),
        ...alarmResources(stage, config, mappings),
      },
      Outputs: bucket.outputs,
    },
  };
}
