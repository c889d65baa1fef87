import type { ColumnSpec } from '@ferry/core';

/** The target's data columns after a batch's files were taken into account (see `evolveColumns`). */
export interface ColumnEvolution {
  /** Every data column in table order: registered columns keep their type, new ones come last. */
  readonly columns: readonly ColumnSpec[];
  /** Names of the columns the table does not have yet. */
  readonly added: readonly string[];
}
