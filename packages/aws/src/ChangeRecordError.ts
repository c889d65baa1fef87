import { FerryError } from '@ferry/core';

/**
 * A Kinesis record ferry cannot decode (an unknown codec version, truncated or corrupt bytes, a value that
 * does not fit its column type), or a row that cannot be encoded. Terminal: the same bytes fail the same
 * way, so the record goes to the on-failure destination, named, and its shard moves on.
 */
export class ChangeRecordError extends FerryError {
  /** What names the record: a Kinesis sequence number, or table and position. */
  readonly record: string | undefined;

  constructor(record: string | undefined, reason: string, options: { hint?: string; cause?: unknown } = {}) {
    super(`change record ${record ?? '(unnamed)'}: ${reason}`, {
      retryable: false,
      hint: options.hint,
      cause: options.cause,
    });
    this.record = record;
  }
}
