/** One line of a Snowflake merge's statement count: what runs, and how many times per merge. */
export interface SnowflakeStatementCount {
  readonly statement: string;
  readonly count: number;
}
