import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { kinesisPutRecords, s3ByteSource, secretsManagerReader, settingValue } from '@ferry/aws';
import { loadMappings, type Mappings } from '@ferry/mappings';
import type { ChangeForwarderConfig } from './config.js';
import type { ForwardFilesDeps } from './forwardFiles.js';

/** Clients a caller may hand in ready (the local stack, tests); the rest are built from config. */
export interface ChangeForwarderParts {
  readonly s3?: S3Client;
  readonly kinesis?: KinesisClient;
  /** Reads the secrets config names; Secrets Manager unless given. */
  readonly readSecret?: (id: string) => Promise<string>;
  readonly mappings?: Mappings;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

/** The one place the change forwarder's clients are built, once per container. */
export async function compose(
  config: ChangeForwarderConfig,
  parts: ChangeForwarderParts = {},
): Promise<ForwardFilesDeps> {
  const s3 = parts.s3 ?? new S3Client({ forcePathStyle: config.s3ForcePathStyle });
  const logger = parts.logger ?? new Logger({ serviceName: 'change-forwarder' });
  return {
    mappings: parts.mappings ?? (await loadMappings(config.mappingsDir)),
    openObject: (event) => s3ByteSource(s3, event),
    putRecords: kinesisPutRecords(parts.kinesis ?? new KinesisClient({})),
    streamName: config.streamName,
    maskKey: await settingValue(
      'FERRY_MASK_KEY',
      { value: config.maskKey, secret: config.maskKeySecret },
      parts.readSecret ?? secretsManagerReader(new SecretsManagerClient({})),
      (key) => (key.length >= 16 ? undefined : 'the mask key must be at least 16 characters'),
    ),
    logger,
    metrics: parts.metrics ?? new Metrics({ namespace: 'ferry', serviceName: 'change-forwarder', logger }),
  };
}
