import { FerryError } from './FerryError.js';

/**
 * A sink could not be reached or refused the transaction for a passing reason (connection refused,
 * deadlock, serialization failure). Retryable: nothing was committed, so the same input can be sent again.
 */
export class SinkUnavailableError extends FerryError {
  constructor(sink: string, reason: string, options: { cause?: unknown } = {}) {
    super(`${sink}: ${reason}`, {
      retryable: true,
      hint: 'Nothing was committed; retry the batch',
      cause: options.cause,
    });
  }
}
