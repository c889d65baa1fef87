import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsManagerReader } from '@ferry/aws';
import { cloudWatchAlarmStart } from './cloudWatchAlarmStart.js';
import type { NotifierConfig } from './config.js';
import type { NotifyAlarmsDeps } from './notifyAlarms.js';
import { slackWebhookPoster } from './slackWebhookPoster.js';

/** Clients a caller may hand in ready (the local stack, tests); the rest are built from config. */
export interface NotifierParts {
  readonly secretsManager?: SecretsManagerClient;
  readonly cloudWatch?: CloudWatchClient;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  /** How long to wait for Slack (default 10 s). */
  readonly slackTimeoutMs?: number;
}

/**
 * The one place the notifier's clients are built, once per container. The webhook URL is read from Secrets
 * Manager when a message is posted (cached five minutes by `secretsManagerReader`), not here: a cold start does
 * not fail on it, and a rotated URL is picked up without a redeploy.
 */
export async function compose(config: NotifierConfig, parts: NotifierParts = {}): Promise<NotifyAlarmsDeps> {
  const logger = parts.logger ?? new Logger({ serviceName: 'notifier' });
  const { webhook } = config;
  let webhookUrl: () => Promise<string>;
  if ('url' in webhook) {
    webhookUrl = async () => webhook.url;
  } else {
    const readSecret = secretsManagerReader(parts.secretsManager ?? new SecretsManagerClient({}));
    webhookUrl = () => readSecret(webhook.secretId);
  }
  return {
    stage: config.stage,
    post: slackWebhookPoster(webhookUrl, { timeoutMs: parts.slackTimeoutMs }),
    alarmStart: cloudWatchAlarmStart(parts.cloudWatch ?? new CloudWatchClient({})),
    logger,
    metrics: parts.metrics ?? new Metrics({ namespace: 'ferry', serviceName: 'notifier', logger }),
  };
}
