import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { SnowflakeFaults } from './SnowflakeFaults.js';

/** A running Snowflake stand-in: point `snowflake.createConnection({ account, accessUrl, … })` at it. */
export interface SnowflakeStandIn {
  readonly account: string;
  readonly username: string;
  readonly database: string;
  readonly schema: string;
  /** `http://127.0.0.1:<port>`, for the SDK's `accessUrl`. */
  readonly accessUrl: string;
  /** The DuckDB database behind it. */
  readonly instance: DuckDBInstance;
  /** A connection of its own, on the stand-in's database and schema, for arranging and checking data. */
  readonly db: DuckDBConnection;
  readonly faults: SnowflakeFaults;
  /** Every statement received, as sent (before translation), in order. */
  readonly statements: readonly string[];
  stop(): Promise<void>;
}
