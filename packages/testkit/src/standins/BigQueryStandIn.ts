import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { BigQueryFaults } from './BigQueryFaults.js';

/**
 * A running BigQuery stand-in: `new BigQuery({ projectId, apiEndpoint, authClient })` with an auth
 * client that sends `Bearer <accessToken>` (e.g. an OAuth2Client holding that access token).
 */
export interface BigQueryStandIn {
  readonly projectId: string;
  /** `http://127.0.0.1:<port>`, for the SDK's `apiEndpoint`. */
  readonly apiEndpoint: string;
  readonly accessToken: string;
  readonly instance: DuckDBInstance;
  /** A connection of its own for arranging and checking data; datasets are DuckDB schemas. */
  readonly db: DuckDBConnection;
  readonly faults: BigQueryFaults;
  /** Every job inserted, in order: id, type and (for queries) the SQL as sent. */
  readonly jobs: readonly { readonly jobId: string; readonly type: 'QUERY' | 'LOAD'; readonly query?: string }[];
  stop(): Promise<void>;
}
