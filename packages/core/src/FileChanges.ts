import type { ColumnSpec } from './ColumnSpec.js';
import type { TableChanges } from './TableChanges.js';

/**
 * One file's changes for one sink table. The schema is known from the file footer before any row is read,
 * so a sink can evolve its table first and then stream row groups into staging.
 */
export interface FileChanges {
  /** The object key the ledger records. */
  readonly fileKey: string;
  /**
   * The mapping entry (`<source>:<schema>.<table>`) the file came from, recorded with it in the ledger; defaults
   * to the `SinkTable.id` of the call. Set when one warehouse call carries the files of several entries that feed
   * one consolidated table (one MERGE for all of them); the speed layer takes one entry's files per call.
   */
  readonly tableId?: string;
  readonly columns: readonly ColumnSpec[];
  /** Row groups in file order. Each call starts a fresh read of the file. */
  readonly chunks: () => AsyncIterable<TableChanges>;
}
