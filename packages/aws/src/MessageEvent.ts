import type { S3ObjectEvent } from './S3ObjectEvent.js';

/** An S3 event and the SQS message that carried it, so a failure is reported against that message. */
export interface MessageEvent extends S3ObjectEvent {
  readonly messageId: string;
}
