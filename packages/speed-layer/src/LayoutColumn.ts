import type { ColumnType } from '@ferry/core';

/** One data column of a `TableLayout`. */
export interface LayoutColumn {
  readonly name: string;
  readonly quoted: string;
  /** The ferry type the SQL column holds exactly (recorded in `_ferry_columns`). */
  readonly held: ColumnType;
}
