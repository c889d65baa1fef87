/** An in-process Kinesis endpoint the real `@aws-sdk/client-kinesis` talks to (see `startMemoryKinesis`). */
export interface MemoryKinesis {
  /** `http://127.0.0.1:<port>`: give it to the client as `endpoint`, with a `NodeHttpHandler`. */
  readonly endpoint: string;
  /**
   * Fault hook: the next `entries` PutRecords entries fail with ProvisionedThroughputExceededException, per entry
   * (`FailedRecordCount > 0`), so a producer's retry-only-the-failed-entries path runs. A PutRecord call while
   * throttled throws the same exception.
   */
  throttle(entries: number): void;
  /** Fault hook: every record stored so far is trimmed, as when it outlives the stream's retention period. */
  expireRecords(): void;
  stop(): Promise<void>;
}
