import {
  bigQueryDialect,
  type DialectName,
  duckDbDialect,
  snowflakeDialect,
  type WarehouseDialect,
} from '../../src/index.js';

/** Every dialect, by name: adding a `DialectName` does not compile until it is listed here. */
export const dialects: Record<DialectName, WarehouseDialect> = {
  duckdb: duckDbDialect,
  snowflake: snowflakeDialect,
  bigquery: bigQueryDialect,
};

/**
 * Rows for `it.each`: each dialect with what the test expects from it. Typed over every `DialectName`, so a new
 * dialect does not compile until each SQL test states its expectation for it.
 */
export function eachDialect<T>(expected: Record<DialectName, T>): [DialectName, WarehouseDialect, T][] {
  return (Object.keys(dialects) as DialectName[]).map((name) => [name, dialects[name], expected[name]]);
}
