import type { TableStatusRow } from './TableStatusRow.js';

/** What `tableStatus` found: a row per mapped table and sink, and the stage's dead-letter depths. */
export interface TableStatusReport {
  /** ISO time the report was made for. */
  readonly at: string;
  readonly tables: readonly TableStatusRow[];
  /** Messages waiting per queue name (warehouse DLQ, stream DLQ, the merge worker's failure queue), when read. */
  readonly deadLetters: Readonly<Record<string, number>>;
  /** Rows whose state is not `ok`: `ferry status` exits 1 when there is any. */
  readonly breaches: number;
}
