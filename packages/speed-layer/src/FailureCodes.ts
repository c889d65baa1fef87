/** Error codes (SQLSTATE, errno, Node `code`) and message patterns that mark a failure as retryable. */
export interface FailureCodes {
  readonly codes: ReadonlySet<string | number>;
  /** SQLSTATE classes (first two characters) that are retryable as a whole, e.g. `08` connection exceptions. */
  readonly sqlStateClasses: ReadonlySet<string>;
  readonly messages: readonly RegExp[];
}
