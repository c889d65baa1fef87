import type { FerryFunction } from './FERRY_FUNCTIONS.js';
import { RESOURCE_IDS } from './RESOURCE_IDS.js';
import type { StageConfig } from './StageConfig.js';

/**
 * Each function's environment (the variables its `config.ts` reads). Values that are secrets are never here:
 * the variables ending in `_SECRET` name a Secrets Manager secret the function reads at start. `mappingsDir` is
 * where the mapping bundle sits in the package (relative: Lambda runs in /var/task, the package root).
 */
export function functionEnvironments(
  stage: string,
  config: StageConfig,
  mappingsDir: string,
): Record<FerryFunction, Record<string, unknown>> {
  return {
    warehouseLoader: {
      FERRY_MAPPINGS_DIR: mappingsDir,
      FERRY_WAREHOUSE: config.warehouse.url,
      FERRY_MASK_KEY_SECRET: config.secrets.maskKey,
      FERRY_MIN_MERGE_INTERVAL_SECONDS: String(config.warehouse.minMergeIntervalSeconds),
      FERRY_QUEUE_URL: { Ref: RESOURCE_IDS.warehouseQueue },
      ...(config.warehouse.googleCredentialConfig === undefined
        ? {}
        : { GOOGLE_APPLICATION_CREDENTIALS: config.warehouse.googleCredentialConfig }),
    },
    changeForwarder: {
      FERRY_MAPPINGS_DIR: mappingsDir,
      FERRY_STREAM_NAME: { Ref: RESOURCE_IDS.changeStream },
      FERRY_MASK_KEY_SECRET: config.secrets.maskKey,
    },
    mergeWorker: {
      FERRY_MAPPINGS_DIR: mappingsDir,
      FERRY_SPEED_LAYER_SECRET: config.speedLayer.urlSecret,
    },
    notifier: {
      FERRY_STAGE: stage,
      FERRY_SLACK_WEBHOOK_SECRET: config.secrets.slackWebhook,
    },
  };
}
