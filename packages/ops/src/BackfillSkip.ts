/** An object under a listed prefix that `backfill` does not send, and why. */
export interface BackfillSkip {
  readonly key: string;
  readonly reason: string;
}
