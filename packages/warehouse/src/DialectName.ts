/**
 * Every warehouse dialect ferry compiles merge plans for. Tests key their SQL expectations by this type
 * (`Record<DialectName, …>`), so adding a dialect here does not compile until every SQL test states what
 * it expects from the new one.
 */
export const DialectName = {
  duckdb: 'duckdb',
  snowflake: 'snowflake',
  bigquery: 'bigquery',
} as const;

export type DialectName = (typeof DialectName)[keyof typeof DialectName];
