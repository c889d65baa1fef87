import type { ColumnType } from '@ferry/core';
import type { DmsParquetElement } from './DmsColumn.js';

/**
 * A source column type as DMS writes it to parquet (`element`) and as ferry carries it once read
 * (`type`; for MySQL DATETIME that needs the mapping's `columns.wallClock`, since the parquet element is
 * the same as TIMESTAMP's). `mysql` names the source type for messages.
 */
export interface DmsType {
  readonly mysql: string;
  readonly element: DmsParquetElement;
  readonly type: ColumnType;
}
