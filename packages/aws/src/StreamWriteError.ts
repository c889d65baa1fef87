import { FerryError } from '@ferry/core';

/**
 * Kinesis kept refusing some entries (throttling, internal failures) after every retry. Retryable: the
 * message goes back to its queue and the whole file is sent again later; entries already written are
 * written again, which the sinks' version guard makes harmless (DESIGN.md §2).
 */
export class StreamWriteError extends FerryError {
  readonly streamName: string;
  /** How many entries were still unwritten. */
  readonly failedEntries: number;
  /** The error codes of the last round (`ProvisionedThroughputExceededException`, …), distinct. */
  readonly errorCodes: readonly string[];

  constructor(
    streamName: string,
    failedEntries: number,
    totalEntries: number,
    attempts: number,
    errorCodes: readonly string[],
    options: { cause?: unknown } = {},
  ) {
    super(
      `Kinesis stream ${streamName}: ${failedEntries} of ${totalEntries} entries still failed after ${attempts} attempts (last error codes: ${errorCodes.join(', ') || 'none'})`,
      {
        retryable: true,
        cause: options.cause,
        hint: 'The file is retried from its queue; if this keeps happening, give the stream more write capacity (shards, or check the on-demand account limits)',
      },
    );
    this.streamName = streamName;
    this.failedEntries = failedEntries;
    this.errorCodes = errorCodes;
  }
}
