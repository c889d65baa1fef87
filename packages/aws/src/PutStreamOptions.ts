/** How `putStreamRecords` retries. The defaults suit a Lambda writing to an on-demand stream. */
export interface PutStreamOptions {
  /** Rounds of sending (the first included) before giving up with `StreamWriteError`. Default 8. */
  readonly maxAttempts?: number;
  /** The backoff before the second round; it doubles each round. Default 100 ms. */
  readonly baseDelayMs?: number;
  /** The most any one backoff waits. Default 5,000 ms. */
  readonly maxDelayMs?: number;
  /** Waits `ms` milliseconds (tests pass one that records and returns at once). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for full jitter. Default `Math.random`. */
  readonly random?: () => number;
}
