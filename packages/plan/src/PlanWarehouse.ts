/** The warehouses `ferry plan` models: BigQuery (the binding per-table quota, so the default), Snowflake, DuckDB. */
export const PlanWarehouse = {
  bigquery: 'bigquery',
  snowflake: 'snowflake',
  duckdb: 'duckdb',
} as const;

export type PlanWarehouse = (typeof PlanWarehouse)[keyof typeof PlanWarehouse];
