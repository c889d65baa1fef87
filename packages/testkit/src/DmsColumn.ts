import type { ColumnValue } from '@ferry/core';
import type { SchemaElement } from 'hyparquet-writer';

/** A parquet schema element without its name: physical type, legacy converted type, length, scale, precision. */
export type DmsParquetElement = Omit<SchemaElement, 'name' | 'num_children' | 'logical_type'>;

/**
 * One column of a DMS-shaped parquet file. `values` are in ferry's representation of the column's type
 * (core `ColumnValue`): decimals as canonical strings (`"-12.3400"`), 64-bit ints (UINT_64 too) as bigint,
 * timestamps as bigint microseconds (also for TIMESTAMP_MILLIS columns), dates as day numbers, bytes as
 * `Uint8Array`, `null` for NULL. Columns are OPTIONAL unless `element.repetition_type` says otherwise.
 */
export interface DmsColumn {
  readonly name: string;
  readonly element: DmsParquetElement;
  readonly values: readonly ColumnValue[];
}
