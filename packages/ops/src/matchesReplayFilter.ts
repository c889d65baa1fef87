import type { DlqMessage } from './DlqMessage.js';
import type { ReplayFilter } from './ReplayFilter.js';

/**
 * Whether a filtered replay moves this message: one of its files passes every filter. SQS moves whole messages,
 * so a message naming several files moves all of them (S3 sends one record per notification in practice).
 * Unreadable messages never match: replaying them would only fail again.
 */
export function matchesReplayFilter(message: DlqMessage, filter: ReplayFilter): boolean {
  if (message.invalid !== undefined) return false;
  const since = filter.since?.getTime();
  return message.files.some(
    (file) =>
      (filter.table === undefined || file.table === filter.table) &&
      (since === undefined || Date.parse(file.eventTime) >= since),
  );
}
