import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RequeuedMessage } from './RequeuedMessage.js';

/** SQS's limits on one SendMessageBatch call, and on a message's delay. */
const ENTRIES_PER_CALL = 10;
const BYTES_PER_CALL = 1024 * 1024;
const MAX_DELAY_SECONDS = 900;

/**
 * Sends each message's body again to `queueUrl` with a delay (at most 15 minutes, SQS's limit), in batches of
 * ten within 1 MiB. Returns the ids that could not be sent: the caller must not acknowledge those (report them as
 * batch item failures), so at worst a message is both requeued and redelivered, which the ledger absorbs.
 * The new copy starts with a receive count of zero: waiting is not failing, so it must not move the file
 * toward the dead-letter queue.
 */
export async function requeueMessages(
  sqs: Pick<SQSClient, 'send'>,
  queueUrl: string,
  messages: readonly RequeuedMessage[],
): Promise<{ failed: string[] }> {
  const failed: string[] = [];
  const batches: RequeuedMessage[][] = [];
  let batch: RequeuedMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.body);
    if (batch.length === ENTRIES_PER_CALL || (batch.length > 0 && bytes + size > BYTES_PER_CALL)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(message);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  for (const entries of batches) {
    try {
      const result = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: entries.map((m, i) => ({
            Id: String(i),
            MessageBody: m.body,
            DelaySeconds: Math.max(0, Math.min(MAX_DELAY_SECONDS, Math.ceil(m.delaySeconds))),
          })),
        }),
      );
      for (const f of result.Failed ?? []) failed.push(entries[Number(f.Id)]!.messageId);
    } catch {
      // The whole call failed (throttling, network): none of these may be acknowledged.
      failed.push(...entries.map((m) => m.messageId));
    }
  }
  return { failed };
}
