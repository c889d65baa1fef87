/** A statement's answer: the `data` of a successful query-request. */
export interface SnowflakeQueryData {
  readonly rowtype: Record<string, unknown>[];
  readonly rowset: (string | null)[][];
  readonly statementTypeId: number;
  /** More fields of `data`, e.g. a PUT's `command`, `src_locations` and `stageInfo`. */
  readonly extra?: Record<string, unknown>;
}
