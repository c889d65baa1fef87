import { RESOURCE_IDS } from './RESOURCE_IDS.js';
import type { StageConfig } from './StageConfig.js';

/** The Kinesis stream: on-demand or provisioned shards, encrypted (the AWS-managed key unless one is configured). */
export function changeStream(stage: string, config: StageConfig): Record<string, unknown> {
  const capacity = config.stream.capacity;
  return {
    [RESOURCE_IDS.changeStream]: {
      Type: 'AWS::Kinesis::Stream',
      Properties: {
        Name: `ferry-${stage}-changes`,
        RetentionPeriodHours: config.retention.streamHours,
        StreamModeDetails: { StreamMode: capacity.mode === 'on-demand' ? 'ON_DEMAND' : 'PROVISIONED' },
        ...(capacity.mode === 'provisioned' ? { ShardCount: capacity.shards } : {}),
        StreamEncryption: { EncryptionType: 'KMS', KeyId: config.stream.kmsKeyArn ?? 'alias/aws/kinesis' },
      },
    },
  };
}
