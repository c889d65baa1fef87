import type { ColumnType } from '@ferry/core';

/** The SQL type a ferry column gets, and the ferry type that SQL type holds exactly (what `_ferry_columns` records). */
export interface ColumnMapping {
  readonly sql: string;
  readonly holds: ColumnType;
}
