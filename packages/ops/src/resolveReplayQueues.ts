import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { FerryError } from '@ferry/core';
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
  const [source, dlq] = await Promise.all([locate(sqs, sourceName), locate(sqs, dlqName)]);
  return { sourceUrl: source.url, sourceArn: source.arn, dlqUrl: dlq.url, dlqArn: dlq.arn };
}

async function locate(sqs: SqsPort, name: string): Promise<{ url: string; arn: string }> {
  let url: string | undefined;
  try {
    url = (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (cause) {
    throw new FerryError(`queue ${name} not found`, {
      hint: 'Check --stage, and that AWS_REGION and the credentials point at the account the stage is deployed to',
      cause,
    });
  }
  if (url === undefined) throw new FerryError(`queue ${name}: GetQueueUrl returned no URL`);
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.QueueArn;
  if (arn === undefined) throw new FerryError(`queue ${name}: GetQueueAttributes returned no QueueArn`);
  return { url, arn };
}
