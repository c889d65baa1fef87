import type { ChangeOp, ColumnValue } from '@ferry/core';

/** The rows of one file, column by column, as DMS writes them (internal to the generators). */
export class Recording {
  readonly ops: ChangeOp[] = [];
  /** `DMS_TIMESTAMP` texts. */
  readonly timestamps: string[] = [];
  readonly sequences: (string | null)[] = [];
  /** Values of every data column, then of the added columns. */
  readonly columns: ColumnValue[][];

  constructor(width: number) {
    this.columns = Array.from({ length: width }, () => []);
  }

  get rowCount(): number {
    return this.ops.length;
  }

  push(op: ChangeOp, timestamp: string, sequence: string | null, values: readonly ColumnValue[]): void {
    this.ops.push(op);
    this.timestamps.push(timestamp);
    this.sequences.push(sequence);
    for (let i = 0; i < values.length; i++) (this.columns[i] as ColumnValue[]).push(values[i] as ColumnValue);
  }
}
