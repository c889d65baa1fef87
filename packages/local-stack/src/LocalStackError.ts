import { FerryError } from '@ferry/core';

/**
 * The local stack could not start or do what a test asked of it (a stand-in that did not come up, a call the
 * stand-in refused). Terminal for the run: fix the setup named in the message and start again.
 */
export class LocalStackError extends FerryError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, {
      retryable: false,
      hint:
        options.hint ??
        'Check that nothing else holds the port and that pnpm install ran, then start the local stack again',
      cause: options.cause,
    });
  }
}
