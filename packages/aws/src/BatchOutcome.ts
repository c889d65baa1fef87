/** Why one message of a batch failed. */
export interface MessageFailure {
  readonly reason: string;
  /** Whether a redelivery can help; terminal failures still go back, and reach the DLQ after `maxReceiveCount`. */
  readonly retryable: boolean;
}

/**
 * What a use case decided for each message (SQS message id, or Kinesis sequence number) of a batch. Starts
 * with every message succeeded; a message fails once any of its files or records fails (the first reason
 * is kept). The handler turns it into a partial batch response.
 */
export class BatchOutcome {
  readonly #failures = new Map<string, MessageFailure>();

  fail(id: string, reason: string, retryable: boolean): void {
    if (!this.#failures.has(id)) this.#failures.set(id, { reason, retryable });
  }

  failure(id: string): MessageFailure | undefined {
    return this.#failures.get(id);
  }

  get failures(): ReadonlyMap<string, MessageFailure> {
    return this.#failures;
  }
}
