import type { Recording } from './Recording.js';
import type { SourceTable } from './shopTables.js';

/** One file the simulated DMS task wrote, before it becomes parquet (internal to the generators). */
export interface RecordedFile {
  readonly table: SourceTable;
  readonly kind: 'full-load' | 'cdc';
  /** `LOAD0000000A.parquet` or `20261123-000100417.parquet` */
  readonly fileName: string;
  /** CDC: the name time, micros UTC (orders the files); full load: 0. */
  readonly fileTime: bigint;
  /** How many of the table's `added` columns (DDL) the file has: they come last, in `added` order. */
  readonly addedCount: number;
  readonly hasSequence: boolean;
  readonly rows: Recording;
}
