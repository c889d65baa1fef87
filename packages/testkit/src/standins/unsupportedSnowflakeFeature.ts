import { SnowflakeStatementError } from './SnowflakeStatementError.js';

/** Snowflake's "Unsupported feature" failure, for a form the stand-in does not implement (README §Stages). */
export function unsupportedSnowflakeFeature(what: string): SnowflakeStatementError {
  return new SnowflakeStatementError(
    '000002',
    '0A000',
    `Unsupported feature '${what}': the stand-in does not implement it (testkit standins README §Stages).`,
  );
}
