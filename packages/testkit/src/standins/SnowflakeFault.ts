/** A failure the Snowflake stand-in answers instead of running a statement. */
export interface SnowflakeFault {
  /** Matched against the statement text as the client sent it (before translation). */
  readonly match: RegExp | string;
  /** How many matching statements fail; 1 unless given. */
  readonly times?: number;
  /** Snowflake's error code, e.g. '000604' (SQL execution canceled) or '000625' (lock wait). */
  readonly code?: string;
  readonly sqlState?: string;
  readonly message?: string;
  /** Also roll back the session's open transaction, as Snowflake does when it aborts one. */
  readonly abortsTransaction?: boolean;
}
