import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsManagerReader, settingValue } from '@ferry/aws';
import type { ChangeSink } from '@ferry/core';
import { loadMappings, type Mappings } from '@ferry/mappings';
import { openSpeedLayer } from '@ferry/speed-layer';
import type { MergeWorkerConfig } from './config.js';
import type { MergeChangesDeps } from './mergeChanges.js';

/** Clients a caller may hand in ready (the local stack, tests); the rest are built from config. */
export interface MergeWorkerParts {
  readonly speedLayer?: ChangeSink;
  /** Reads the secrets config names; Secrets Manager unless given. */
  readonly readSecret?: (id: string) => Promise<string>;
  readonly mappings?: Mappings;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

/** The one place the merge worker's clients are built, once per container. */
export async function compose(config: MergeWorkerConfig, parts: MergeWorkerParts = {}): Promise<MergeChangesDeps> {
  const logger = parts.logger ?? new Logger({ serviceName: 'merge-worker' });
  return {
    mappings: parts.mappings ?? (await loadMappings(config.mappingsDir)),
    speedLayer:
      parts.speedLayer ??
      (await openSpeedLayer(
        await settingValue(
          'FERRY_SPEED_LAYER',
          { value: config.speedLayerUrl, secret: config.speedLayerUrlSecret },
          parts.readSecret ?? secretsManagerReader(new SecretsManagerClient({})),
        ),
      )),
    logger,
    metrics: parts.metrics ?? new Metrics({ namespace: 'ferry', serviceName: 'merge-worker', logger }),
  };
}
