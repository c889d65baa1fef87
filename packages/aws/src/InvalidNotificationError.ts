import { FerryError } from '@ferry/core';

/**
 * An SQS message that is not an S3 notification ferry can read: not JSON, an SNS envelope of something else,
 * a record without its bucket or key, a key that does not URL-decode. Terminal: the same body fails the same
 * way, so the message goes to its DLQ, named, and the rest of the batch flows on.
 */
export class InvalidNotificationError extends FerryError {
  /** The SQS message id, or `undefined` when the caller did not give one. */
  readonly messageId: string | undefined;

  constructor(messageId: string | undefined, reason: string, options: { cause?: unknown } = {}) {
    super(`message ${messageId ?? '(no id)'}: ${reason}`, {
      retryable: false,
      hint: 'Point only S3 ObjectCreated notifications (raw or through SNS) at this queue',
      cause: options.cause,
    });
    this.messageId = messageId;
  }
}
