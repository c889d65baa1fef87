import type { LayoutColumn } from './LayoutColumn.js';

/** One app-facing table as the sink writes it: its quoted name and data columns with the types they hold. */
export interface TableLayout {
  readonly tableId: string;
  readonly table: string;
  readonly columns: readonly LayoutColumn[];
  /** Indexes into `columns` of the primary-key columns, in key order. */
  readonly keys: readonly number[];
}
