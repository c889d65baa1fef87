/** A file that did not land, and why. `retryable` says whether sending it again can help. */
export interface FailedFile {
  readonly fileKey: string;
  readonly reason: string;
  readonly retryable: boolean;
  readonly error: unknown;
}
