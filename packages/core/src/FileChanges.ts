import type { ColumnSpec } from './ColumnSpec.js';
import type { TableChanges } from './TableChanges.js';

/**
 * One file's changes for one sink table. The schema is known from the file footer before any row is read,
 * so a sink can evolve its table first and then stream row groups into staging.
 */
export interface FileChanges {
  /** The object key the ledger records. */
  readonly fileKey: string;
  readonly columns: readonly ColumnSpec[];
  /** Row groups in file order. Each call starts a fresh read of the file. */
  readonly chunks: () => AsyncIterable<TableChanges>;
}
