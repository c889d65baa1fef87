import { quotaDefaults } from './quotaDefaults.js';

/**
 * How many array-bind INSERTs `SnowflakeWarehouse` sends to stage `rows` rows of a table with `columns` data
 * columns: each staged row also carries op, position and file key, and one INSERT holds at most
 * `valuesPerInsert` values (below the SDK's 100,000, above which it would PUT the binds into a stage).
 *
 * @example snowflakeStagingInserts(10_000, 20) // 3: 3,913 rows of 23 values per INSERT
 */
export function snowflakeStagingInserts(
  rows: number,
  columns: number,
  valuesPerInsert: number = quotaDefaults.snowflakeValuesPerInsert,
): number {
  const rowsPerInsert = Math.max(1, Math.floor(valuesPerInsert / (columns + 3)));
  return Math.ceil(rows / rowsPerInsert);
}
