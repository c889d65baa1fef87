import type { FerryError } from '@ferry/core';
import type { MessageEvent } from './MessageEvent.js';
import type { TableFiles } from './TableFiles.js';

/** An SQS batch of S3 notifications sorted out: what to load per table, what to skip, what cannot be read. */
export interface MessageIntake {
  /** Files per mapped table, in load order, each with the events (and so the messages) that named it. */
  readonly tables: readonly TableFiles<MessageEvent>[];
  /** Nothing for ferry to do (`s3:TestEvent`, a key no mapping covers): acknowledged, with a log line. */
  readonly skipped: readonly { readonly messageId: string; readonly key?: string; readonly reason: string }[];
  /** Terminal: the message is not an S3 notification, or names a key under a mapped prefix that is no DMS file. */
  readonly failed: readonly { readonly messageId: string; readonly key?: string; readonly error: FerryError }[];
}
