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
  /**
   * What the clients sent, counted since the start: HTTP requests and their bodies' bytes as received (plain
   * JSON from snowflake-sdk 3.3.0, which gzips only after building the request), and the stage files COPY INTO loaded with their bytes (a PUT's file reaches the stage
   * directory without HTTP, so these stand in for the upload a real Snowflake receives in cloud storage).
   */
  readonly traffic: {
    readonly requests: number;
    readonly requestBytes: number;
    readonly copiedFiles: number;
    readonly copiedBytes: number;
  };
  /** The directory that holds the internal stages (README §Stages); removed by `stop()`. */
  readonly stageDirectory: string;
  stop(): Promise<void>;
}
