import type { Message } from '@aws-sdk/client-sqs';
import { groupByTable, InvalidNotificationError, parseS3Notifications } from '@ferry/aws';
import { tableRefName } from '@ferry/core';
import type { Mappings } from '@ferry/mappings';
import type { DlqMessage } from './DlqMessage.js';

/**
 * Reads a DLQ message as ferry's consumers read it (an SNS envelope of an S3 event, or the raw S3 event) and says
 * which files and tables it names. Never throws for a bad body: that is what the DLQ holds, so it is reported.
 *
 * @example describeDlqMessage(received, mappings) // { messageId, files: [{ key, table: 'shop.orders', … }], … }
 */
export function describeDlqMessage(message: Message, mappings: Mappings): DlqMessage {
  const messageId = message.MessageId ?? '(no id)';
  const count = message.Attributes?.ApproximateReceiveCount;
  const sent = message.Attributes?.SentTimestamp;
  const history = {
    receiveCount: count === undefined ? undefined : Number(count),
    sentAt: sent === undefined ? undefined : new Date(Number(sent)).toISOString(),
  };
  let events: ReturnType<typeof parseS3Notifications>;
  try {
    events = parseS3Notifications(message.Body ?? '', messageId);
  } catch (error) {
    if (!(error instanceof InvalidNotificationError)) throw error;
    return { messageId, files: [], ...history, invalid: error.message };
  }
  if (events.length === 0) {
    return { messageId, files: [], ...history, invalid: 'no ObjectCreated record (s3:TestEvent or another event)' };
  }
  const grouped = groupByTable(events, mappings);
  const files: DlqMessage['files'][number][] = [];
  for (const table of grouped.tables) {
    for (const { file, events: named } of table.files) {
      for (const event of named)
        files.push({ key: file.key, table: tableRefName(table.mapping.table), eventTime: event.eventTime });
    }
  }
  for (const { event, reason } of grouped.unmapped)
    files.push({ key: event.key, table: undefined, eventTime: event.eventTime, note: reason });
  for (const { event, error } of grouped.invalid)
    files.push({ key: event.key, table: undefined, eventTime: event.eventTime, note: error.message });
  return { messageId, files, ...history };
}
