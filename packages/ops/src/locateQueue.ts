import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { FerryError } from '@ferry/core';
import type { SqsPort } from './SqsPort.js';

/**
 * A stage queue's URL and ARN by name (GetQueueUrl, GetQueueAttributes). Throws a `FerryError` naming the queue when
 * it does not exist (wrong stage, region or account).
 */
export async function locateQueue(sqs: SqsPort, name: string): Promise<{ url: string; arn: string }> {
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
