/** How a sink's table differs from the oracle (see `compareWithOracle`). */
export interface OracleDiff {
  /** Live rows of the source that the sink lacks. */
  readonly lost: number;
  /** Extra copies of a key the sink holds more than once. */
  readonly duplicated: number;
  /** Rows the source deleted that the sink shows as live. */
  readonly resurrected: number;
  /** Rows whose values differ from the source's, and rows the source never had. */
  readonly wrong: number;
  /** A few of the differences, each naming sink, table and key. */
  readonly examples: readonly string[];
}
