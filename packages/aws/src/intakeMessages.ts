import type { Mappings } from '@ferry/mappings';
import { groupByTable } from './groupByTable.js';
import { InvalidNotificationError } from './InvalidNotificationError.js';
import type { MessageEvent } from './MessageEvent.js';
import type { MessageIntake } from './MessageIntake.js';
import { parseS3Notifications } from './parseS3Notifications.js';

/**
 * Reads a batch of SQS messages carrying S3 notifications (raw or in SNS envelopes, several records each)
 * and sorts their objects by mapped table, so a handler loads each table's files of the whole batch together.
 *
 * @example const intake = intakeMessages(event.Records, mappings)
 */
export function intakeMessages(
  messages: readonly { readonly messageId: string; readonly body: string }[],
  mappings: Mappings,
): MessageIntake {
  const events: MessageEvent[] = [];
  const skipped: { messageId: string; key?: string; reason: string }[] = [];
  const failed: MessageIntake['failed'][number][] = [];
  for (const { messageId, body } of messages) {
    try {
      const found = parseS3Notifications(body, messageId);
      if (found.length === 0)
        skipped.push({ messageId, reason: 'no ObjectCreated record (s3:TestEvent or another event)' });
      for (const event of found) events.push({ ...event, messageId });
    } catch (error) {
      if (!(error instanceof InvalidNotificationError)) throw error;
      failed.push({ messageId, error });
    }
  }
  const grouped = groupByTable(events, mappings);
  for (const { event, reason } of grouped.unmapped)
    skipped.push({ messageId: event.messageId, key: event.key, reason });
  for (const { event, error } of grouped.invalid) failed.push({ messageId: event.messageId, key: event.key, error });
  return { tables: grouped.tables, skipped, failed };
}
