import type { ColumnType } from './ColumnType.js';

/** A named, typed column. Columns are always matched by name, never by position. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
}
