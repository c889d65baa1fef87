import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { kinesisPutRecords, s3ByteSource } from '@ferry/aws';
import { loadMappings, type Mappings } from '@ferry/mappings';
import type { ChangeForwarderConfig } from './config.js';
import type { ForwardFilesDeps } from './forwardFiles.js';

/** Clients a caller may hand in ready (the local stack, tests); the rest are built from config. */
export interface ChangeForwarderParts {
  readonly s3?: S3Client;
  readonly kinesis?: KinesisClient;
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
    maskKey: config.maskKey,
    logger,
    metrics: parts.metrics ?? new Metrics({ namespace: 'ferry', serviceName: 'change-forwarder', logger }),
  };
}
