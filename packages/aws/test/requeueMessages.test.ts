import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type LocalStack, startLocalStack } from '@ferry/local-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requeueMessages } from '../src/index.js';

let stack: LocalStack;
let sqs: SQSClient;

beforeAll(async () => {
  stack = await startLocalStack();
  sqs = new SQSClient(stack.clientConfig('sqs'));
});

afterAll(async () => {
  sqs.destroy();
  await stack.stop();
});

describe('requeueMessages on fauxqs', () => {
  it('sends every body again, delayed, in calls of ten', async () => {
    const queue = stack.topology.streamDlqUrl;
    const messages = Array.from({ length: 23 }, (_, i) => ({
      messageId: `m${i}`,
      body: JSON.stringify({ n: i, text: 'ünïcode' }),
      delaySeconds: i === 0 ? 0 : 2,
    }));
    const calls: number[] = [];
    const counting = {
      send: (command: SendMessageBatchCommand) => {
        calls.push(command.input.Entries?.length ?? 0);
        return sqs.send(command);
      },
    } as Pick<SQSClient, 'send'>;
    expect(await requeueMessages(counting, queue, messages)).toEqual({ failed: [] });
    expect(calls).toEqual([10, 10, 3]);
    // Only the undelayed one is visible at once; the other 22 wait out their delay.
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queue,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    expect(attributes.Attributes?.ApproximateNumberOfMessages).toBe('1');
    expect(attributes.Attributes?.ApproximateNumberOfMessagesDelayed).toBe('22');
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue, MaxNumberOfMessages: 10 }));
    expect(first.Messages?.map((m) => m.Body)).toEqual([messages[0]!.body]);
  });

  it('returns the ids it could not send, so they are not acknowledged', async () => {
    const missing = `${stack.topology.streamDlqUrl}-does-not-exist`;
    const result = await requeueMessages(sqs, missing, [
      { messageId: 'a', body: '{}', delaySeconds: 1 },
      { messageId: 'b', body: '{}', delaySeconds: 1 },
    ]);
    expect(result.failed).toEqual(['a', 'b']);
  });
});
