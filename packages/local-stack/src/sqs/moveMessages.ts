import { setTimeout as sleep } from 'node:timers/promises';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { MoveTask } from './MoveTask.js';

/** Between receives that found nothing visible while messages are still in flight on the source. */
const IDLE_MILLIS = 100;

/**
 * The body of one message move task: receives from `sourceUrl`, sends each message's body and message attributes to
 * `destinationUrl`, and deletes it from the source only after the send (a crash duplicates, never loses), counting
 * into `task.moved` until `task.toMove` moved or the source is empty. Keeps to `task.rate` messages per second.
 * Short polls only: an aborted long poll could still take messages and hide them for the visibility timeout.
 * On `signal`, or when a send fails, hands received but unsent messages back at once.
 */
export async function moveMessages(
  sqs: SQSClient,
  task: MoveTask,
  route: { readonly sourceUrl: string; readonly destinationUrl: string },
  signal: AbortSignal,
): Promise<void> {
  const started = Date.now();
  const pause = (ms: number) => sleep(ms, undefined, { signal }).catch(() => undefined);
  while (task.moved < task.toMove && !signal.aborted) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: route.sourceUrl,
        MaxNumberOfMessages: Math.min(10, task.toMove - task.moved, task.rate ?? 10),
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) {
      if ((await depth(sqs, route.sourceUrl)) === 0) return;
      await pause(IDLE_MILLIS);
      continue;
    }
    for (const [index, message] of Messages.entries()) {
      if (signal.aborted) {
        await release(sqs, route.sourceUrl, Messages.slice(index));
        return;
      }
      try {
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: route.destinationUrl,
            MessageBody: message.Body ?? '',
            ...(message.MessageAttributes ? { MessageAttributes: attributesOf(message.MessageAttributes) } : {}),
          }),
        );
      } catch (cause) {
        // The task fails; what it held stays in the source, visible again for the next attempt.
        await release(sqs, route.sourceUrl, Messages.slice(index)).catch(() => undefined);
        throw cause;
      }
      await sqs.send(new DeleteMessageCommand({ QueueUrl: route.sourceUrl, ReceiptHandle: message.ReceiptHandle }));
      task.moved++;
      if (task.rate !== undefined) {
        const due = started + (task.moved * 1000) / task.rate;
        if (due > Date.now()) await pause(due - Date.now());
      }
    }
  }
}

async function depth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

/** Makes received messages visible again now rather than after the visibility timeout. */
async function release(sqs: SQSClient, queueUrl: string, messages: readonly Message[]): Promise<void> {
  await sqs.send(
    new ChangeMessageVisibilityBatchCommand({
      QueueUrl: queueUrl,
      Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })),
    }),
  );
}

/** A received attribute carries empty list fields that SendMessage refuses; keep what it accepts. */
function attributesOf(received: Record<string, MessageAttributeValue>): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(received).map(([name, value]) => [
      name,
      {
        DataType: value.DataType,
        ...(value.StringValue === undefined ? {} : { StringValue: value.StringValue }),
        ...(value.BinaryValue === undefined ? {} : { BinaryValue: value.BinaryValue }),
      },
    ]),
  );
}
