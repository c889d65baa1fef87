import { locateQueue } from './locateQueue.js';
import type { ReplayQueues } from './ReplayQueues.js';
import type { SqsPort } from './SqsPort.js';
import type { StageResourceNames } from './StageResourceNames.js';

/**
 * Finds the `warehouse` or `stream` queue of a stage and its DLQ by name (`stageNames`), with their ARNs.
 * Throws a `FerryError` naming the queue when it does not exist (wrong stage, region or account).
 *
 * @example await resolveReplayQueues(sqs, stageNames('prod'), 'warehouse')
 */
export async function resolveReplayQueues(
  sqs: SqsPort,
  names: StageResourceNames,
  queue: 'warehouse' | 'stream',
): Promise<ReplayQueues> {
  const [sourceName, dlqName] =
    queue === 'warehouse' ? [names.warehouseQueue, names.warehouseDlq] : [names.streamQueue, names.streamDlq];
  const [source, dlq] = await Promise.all([locateQueue(sqs, sourceName), locateQueue(sqs, dlqName)]);
  return { sourceUrl: source.url, sourceArn: source.arn, dlqUrl: dlq.url, dlqArn: dlq.arn };
}
