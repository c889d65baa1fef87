import type { ChangeOp } from './ChangeOp.js';
import type { ColumnSpec } from './ColumnSpec.js';
import type { ColumnValue } from './ColumnValue.js';
import type { DmsFile } from './DmsFile.js';

/**
 * A columnar slice of one DMS file (one parquet row group), as the source wrote it.
 *
 * - `columns` are the file's data columns by name, in file order; the DMS `Op` column is not among them
 *   (it is `ops`). The timestamp and sequence columns stay, typed.
 * - `values[c][r]` is column `c`'s value in row `r`; its JS type follows `columns[c].type`.
 * - `positions[r]` is the row's position (see `position`); `firstRow` is the file row number of row 0.
 */
export interface ChangeBatch {
  readonly file: DmsFile;
  readonly columns: readonly ColumnSpec[];
  readonly values: readonly (readonly ColumnValue[])[];
  readonly ops: readonly ChangeOp[];
  readonly positions: readonly string[];
  readonly firstRow: number;
  readonly rowCount: number;
}
