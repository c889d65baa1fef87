import type { SnowflakeStatementCount } from './SnowflakeStatementCount.js';

/** What one target table costs on Snowflake per hour, by the planner's model. */
export interface SnowflakeTargetCost {
  readonly mergesPerHour: number;
  /** Statements that fill the staging table per merge (PUT + COPY, or the INSERTs). */
  readonly stagingStatements: number;
  /** The statements of one merge (`snowflakeMergeStatements`). */
  readonly statements: readonly SnowflakeStatementCount[];
  readonly statementsPerMerge: number;
  readonly statementsPerHour: number;
  /** ESTIMATE: the warehouse's awake fraction if this were its only table (`snowflakeAwakeFraction`). */
  readonly awakeFractionAlone: number;
}
