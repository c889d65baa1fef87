import type { DlqMessage } from './DlqMessage.js';

/**
 * What a filtered replay did with one message:
 * - `moved`: sent to the source queue, then deleted from the DLQ;
 * - `would-move`: `--dry-run`, it matches;
 * - `kept`: does not match (or is past `--max`), put back;
 * - `invalid`: not an S3 notification ferry can read, put back;
 * - `failed`: the send or the delete failed, put back (it may have been sent: idempotency absorbs a second send).
 */
export interface ReplayEvent {
  readonly action: 'moved' | 'would-move' | 'kept' | 'invalid' | 'failed';
  readonly message: DlqMessage;
  readonly reason?: string;
}
