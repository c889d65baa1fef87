import type { SnowflakeStatementCount } from './SnowflakeStatementCount.js';

/**
 * The statements `mergeFiles` (packages/warehouse) runs on Snowflake for one batch of one target, in order,
 * when the table already exists and no column is added (a new table adds its DDL, a new column an ALTER, the
 * live view and a column-registry INSERT); `staging` is what fills the staging table
 * (`snowflakeStagingStatements`). Snowflake commits on DDL, so only classify, the MERGEs and the ledger INSERT
 * are inside the transaction. `test/snowflakeStatements.test.ts` checks the total against the statements the
 * real `SnowflakeWarehouse` sends.
 *
 * @example snowflakeMergeStatements('soft', snowflakeStagingStatements('copy', 1000, 20)) // 17 statements in all
 */
export function snowflakeMergeStatements(
  deletes: 'soft' | 'hard',
  staging: readonly SnowflakeStatementCount[],
): readonly SnowflakeStatementCount[] {
  return Object.freeze([
    {
      statement: 'bookkeeping setup: CREATE SCHEMA, ledger, column registry and status view IF NOT EXISTS',
      count: 4,
    },
    { statement: 'ledger check: which of the files are committed already', count: 1 },
    { statement: 'column registry read', count: 1 },
    { statement: 'CREATE TEMPORARY TABLE _ferry_stage_<table>', count: 1 },
    ...staging,
    { statement: 'dedupe: CREATE TEMPORARY TABLE _ferry_batch_<table> … QUALIFY', count: 1 },
    { statement: 'BEGIN TRANSACTION', count: 1 },
    { statement: 'classify: SELECT outcome counts', count: 1 },
    ...(deletes === 'hard' ? [{ statement: 'MERGE INTO _ferry_tombstones_<table>', count: 1 }] : []),
    { statement: 'MERGE INTO the target', count: 1 },
    { statement: 'ledger INSERT', count: 1 },
    { statement: 'COMMIT', count: 1 },
    { statement: 'DROP the two temporary tables', count: 2 },
  ]);
}
