/** A running event source mapping (see `startSqsPoller`, `startKinesisPoller`). */
export interface Poller {
  /** Handler invocations so far. */
  readonly invocations: number;
  /** Invocations that failed: threw, or reported batch item failures (partly or wholly). */
  readonly failures: number;
  /** Stops polling and waits for the invocation in flight; a batch it did not finish is not acknowledged. */
  stop(): Promise<void>;
}
