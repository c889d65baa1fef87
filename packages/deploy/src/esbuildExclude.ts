import type { StageConfig } from './StageConfig.js';

/**
 * What no function bundle carries (serverless-esbuild `exclude`: not bundled, not installed). `runtime`: the AWS
 * SDK v3, which the Node.js 20 Lambda runtime provides. `leftOut`: DuckDB (native, local only), PGlite (the local
 * speed layer) and, per stage, the warehouse SDK and the database driver it does not use: the adapters load each
 * one only when their URL asks for it, so a BigQuery stage's loader has no snowflake-sdk and a PostgreSQL stage's
 * merge worker no mysql2 (scripts/serverless/leaveOutUnused.ts keeps their static imports out too). Each function
 * bundles only what its own handler imports besides.
 */
export function esbuildExclude(config: StageConfig): { runtime: string[]; leftOut: string[] } {
  const warehouse =
    config.warehouse.kind === 'bigquery' ? ['snowflake-sdk'] : ['@google-cloud/bigquery', 'google-auth-library'];
  const speedLayer = config.speedLayer.kind === 'postgres' ? ['mysql2'] : ['pg'];
  return {
    runtime: ['@aws-sdk/*', '@smithy/*'],
    leftOut: ['@duckdb/*', '@electric-sql/pglite', ...warehouse, ...speedLayer],
  };
}
