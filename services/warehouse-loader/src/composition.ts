import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { requeueMessages, s3ByteSource, secretsManagerReader, settingValue } from '@ferry/aws';
import type { Sink } from '@ferry/core';
import { loadMappings, type Mappings } from '@ferry/mappings';
import { openWarehouse } from '@ferry/warehouse';
import type { WarehouseLoaderConfig } from './config.js';
import type { LoadFilesDeps } from './loadFiles.js';

/** Clients a caller may hand in ready (the local stack, tests); the rest are built from config. */
export interface WarehouseLoaderParts {
  readonly s3?: S3Client;
  readonly sqs?: SQSClient;
  /** Reads the secrets config names; Secrets Manager unless given. */
  readonly readSecret?: (id: string) => Promise<string>;
  readonly warehouse?: Sink;
  readonly mappings?: Mappings;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

/** The one place the warehouse loader's clients are built, once per container. */
export async function compose(config: WarehouseLoaderConfig, parts: WarehouseLoaderParts = {}): Promise<LoadFilesDeps> {
  const s3 = parts.s3 ?? new S3Client({ forcePathStyle: config.s3ForcePathStyle });
  const logger = parts.logger ?? new Logger({ serviceName: 'warehouse-loader' });
  const readSecret = parts.readSecret ?? secretsManagerReader(new SecretsManagerClient({}));
  return {
    mappings: parts.mappings ?? (await loadMappings(config.mappingsDir)),
    warehouse: parts.warehouse ?? (await openWarehouse(config.warehouseUrl, { readSecret })),
    openObject: (event) => s3ByteSource(s3, event),
    maskKey: await settingValue(
      'FERRY_MASK_KEY',
      { value: config.maskKey, secret: config.maskKeySecret },
      readSecret,
      (key) => (key.length >= 16 ? undefined : 'the mask key must be at least 16 characters'),
    ),
    ...((config.minMergeIntervalSeconds ?? 0) > 0 && config.queueUrl !== undefined
      ? {
          mergeInterval: {
            seconds: config.minMergeIntervalSeconds!,
            requeue: requeueTo(parts.sqs ?? new SQSClient({}), config.queueUrl),
          },
        }
      : {}),
    logger,
    metrics: parts.metrics ?? new Metrics({ namespace: 'ferry', serviceName: 'warehouse-loader', logger }),
  };
}

function requeueTo(sqs: SQSClient, queueUrl: string) {
  return (messages: Parameters<typeof requeueMessages>[2]) => requeueMessages(sqs, queueUrl, messages);
}
