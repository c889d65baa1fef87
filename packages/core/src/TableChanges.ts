import type { ChangeOp } from './ChangeOp.js';
import type { ColumnSpec } from './ColumnSpec.js';
import type { ColumnValue } from './ColumnValue.js';

/**
 * Row changes shaped for a sink: a `ChangeBatch` after its table mapping was applied (columns excluded,
 * masked, renamed; the tenant column stamped). Column names are target names; `keyColumns` name the
 * columns that identify a row in the target (the tenant column first when there is one).
 *
 * Rows are in file order and may repeat a key; each sink deduplicates by key on `positions`.
 */
export interface TableChanges {
  readonly columns: readonly ColumnSpec[];
  readonly keyColumns: readonly string[];
  readonly values: readonly (readonly ColumnValue[])[];
  readonly ops: readonly ChangeOp[];
  readonly positions: readonly string[];
  readonly rowCount: number;
}
