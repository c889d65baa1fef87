import { parseWarehouseUrl } from '@ferry/warehouse';
import type { FerryFunction } from './FERRY_FUNCTIONS.js';
import type { StageConfig } from './StageConfig.js';

/**
 * The Secrets Manager secrets (ARN or name, as configured) each function reads at run time: the loader the
 * warehouse URL's secrets and the mask key, the forwarder the mask key, the merge worker the speed layer's URL,
 * the notifier the Slack webhook.
 */
export function functionSecrets(config: StageConfig): Record<FerryFunction, string[]> {
  const url = parseWarehouseUrl(config.warehouse.url);
  const refs =
    url.kind === 'snowflake' ? [url.privateKey, url.privateKeyPass] : url.kind === 'bigquery' ? [url.credentials] : [];
  const warehouse = refs.flatMap((ref) => (ref !== undefined && 'secret' in ref ? [ref.secret] : []));
  return {
    warehouseLoader: [...new Set([...warehouse, config.secrets.maskKey])],
    changeForwarder: [config.secrets.maskKey],
    mergeWorker: [config.speedLayer.urlSecret],
    notifier: [config.secrets.slackWebhook],
  };
}
