import { FerryError } from '@ferry/core';
import type { MessageFailure } from './BatchOutcome.js';

/**
 * Marks one message (or Kinesis record) of a batch as failed for the partial batch response, with the
 * use case's reason. Lambda delivers it again; a terminal failure reaches the DLQ or on-failure destination
 * once its retries run out.
 */
export class MessageFailedError extends FerryError {
  constructor(id: string, failure: MessageFailure) {
    super(`${id}: ${failure.reason}`, {
      retryable: failure.retryable,
      hint: failure.retryable
        ? 'It is delivered again; nothing to do unless it keeps failing'
        : 'It cannot succeed as it is: find it in the DLQ, fix the cause, then replay it',
    });
  }
}
