/** A statement the Snowflake stand-in fails, answered with Snowflake's error `code` and `sqlState`. */
export class SnowflakeStatementError extends Error {
  constructor(
    readonly code: string,
    readonly sqlState: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SnowflakeStatementError';
  }
}
