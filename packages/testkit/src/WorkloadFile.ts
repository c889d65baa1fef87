import type { ColumnType } from '@ferry/core';
import type { DmsColumn } from './DmsColumn.js';

/**
 * One DMS file of a workload, in memory. `columns` are the file's columns in file order, exactly what
 * gets written: `DMS_TIMESTAMP` first, then `Op` (CDC files only), the data columns, the sequence column
 * when the table has one, and columns added by DDL last. Each carries `type`: how ferry should read it.
 */
export interface WorkloadFile {
  /** The S3 object key, which is also the path relative to the output folder. */
  readonly key: string;
  readonly source: string;
  /** `shop.orders` */
  readonly table: string;
  readonly kind: 'full-load' | 'cdc';
  readonly rowCount: number;
  readonly columns: readonly (DmsColumn & { readonly type: ColumnType })[];
}
