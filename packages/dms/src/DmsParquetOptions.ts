/** How to read a table's DMS files (from its mapping). Columns are named exactly as in the file. */
export interface DmsParquetOptions {
  /**
   * A column whose digits order changes across files (`AR_H_CHANGE_SEQ`); it goes into each row's position.
   * A string or integer column. Required in CDC files; a full-load file without it gets zeros.
   */
  readonly sequenceColumn?: string;
  /** String columns holding `yyyy-MM-dd HH:mm:ss[.f…]` (DMS `TimestampColumnName`), read as UTC timestamps. */
  readonly timestampColumns?: readonly string[];
  /**
   * Timestamp columns that are wall-clock readings, not instants (MySQL DATETIME, which DMS writes with a
   * UTC-looking legacy annotation).
   */
  readonly wallClockColumns?: readonly string[];
}
