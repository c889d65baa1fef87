import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { FerryError } from '@ferry/core';

/**
 * The AWS account that owns the named queue (from its `QueueArn`): the account the stage is deployed in, which
 * names a created landing bucket. Reading it from a queue the operator needs anyway avoids asking STS.
 */
export async function queueAccountId(sqs: SQSClient, queueName: string): Promise<string> {
  try {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    const account = Attributes?.QueueArn?.split(':')[4];
    if (!account) throw new Error(`no QueueArn in the attributes of ${QueueUrl}`);
    return account;
  } catch (error) {
    throw new FerryError(`cannot find queue ${queueName} to learn the stage's account: ${(error as Error).message}`, {
      hint: 'Check --stage and your credentials (AWS_PROFILE, AWS_REGION), or name the bucket with --bucket',
      cause: error,
    });
  }
}
