import type { SnowflakeStatementCount } from './SnowflakeStatementCount.js';
import { snowflakeStagingInserts } from './snowflakeStagingInserts.js';

/**
 * The statements `SnowflakeWarehouse` sends to fill one batch's staging table with `rows` rows:
 * - `copy` (its default): one PUT of a gzip CSV file into the session's temporary stage and one COPY INTO,
 *   whatever the size (the `CREATE TEMPORARY STAGE` runs once per session, not per merge);
 * - `binds`: array-bind INSERTs of at most 90,000 values each (`snowflakeStagingInserts`).
 * Nothing for an empty batch.
 *
 * @example snowflakeStagingStatements('binds', 10_000, 20) // [{ statement: 'staging INSERTs …', count: 3 }]
 */
export function snowflakeStagingStatements(
  mode: 'binds' | 'copy',
  rows: number,
  columns: number,
  valuesPerInsert?: number,
): readonly SnowflakeStatementCount[] {
  if (rows <= 0) return Object.freeze([]);
  if (mode === 'copy') {
    return Object.freeze([
      { statement: 'PUT the batch as one gzip CSV file into the session stage', count: 1 },
      { statement: 'COPY INTO _ferry_stage_<table>', count: 1 },
    ]);
  }
  return Object.freeze([
    {
      statement: 'staging INSERTs (array binds, ≤ 90,000 values each)',
      count: snowflakeStagingInserts(rows, columns, valuesPerInsert),
    },
  ]);
}
