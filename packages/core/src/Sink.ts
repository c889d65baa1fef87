import type { ColumnSpec } from './ColumnSpec.js';
import type { FileChanges } from './FileChanges.js';
import type { QueryResult } from './QueryResult.js';
import type { SinkResult } from './SinkResult.js';
import type { SinkTable } from './SinkTable.js';
import type { TableCommitStatus } from './TableCommitStatus.js';

/**
 * What every sink (warehouse or speed layer) offers the use cases. Dialects implement it; nothing above
 * the adapter knows which engine it talks to.
 */
export interface Sink {
  /** `duckdb`, `postgres`, `pglite`, `mysql`, …: for logs and summaries. */
  readonly dialect: string;

  /**
   * Applies the files' changes to `table` in **one transaction** together with their ledger rows:
   * creates or evolves the table (new columns added; a column whose type no longer fits throws
   * `SchemaChangeError`), deduplicates by key keeping the newest position, applies only changes newer
   * than the stored position (version guard), keeps deletes (soft flag or tombstone), and records each
   * file. Files already in the ledger are skipped, so calling it again with the same files changes nothing.
   * A warehouse takes the files of several mapping entries feeding one target table in one call: each file is
   * recorded and checked under its own entry (`FileChanges.tableId`, default `table.id`).
   * Throws `SinkUnavailableError` when a retry can help; then nothing was committed.
   */
  applyFiles(table: SinkTable, files: readonly FileChanges[]): Promise<SinkResult>;

  /**
   * The table's live rows (soft-deleted rows left out), each column as `canonicalText` of its type, for
   * comparing with an oracle or another sink. `columns` are the target columns to read.
   */
  readRows(table: SinkTable, columns: readonly ColumnSpec[]): Promise<Record<string, string | null>[]>;

  /**
   * Warehouses: whether any file of the mapping entries `entryIds` was committed into `table` after `since`, by
   * the ledger. The loader asks it to merge a target at most once per minimum merge interval (BigQuery's 1,500
   * table modifications a day). Speed layers leave it out.
   */
  mergedSince?(table: SinkTable, entryIds: readonly string[], since: Date): Promise<boolean>;

  /**
   * What the ledger says of each mapping entry in `entries` (each with the target table it feeds, since a warehouse
   * may keep a ledger per target): last committed file and time, files and rows committed in the hour and day
   * before `now`, and the quarantine record if the entry is refused. One result per entry id, in the given order;
   * an entry the ledger has never seen has no `lastFile` and zero counts. Read-only: creates nothing.
   */
  commitStatus?(
    entries: readonly { readonly table: SinkTable; readonly entryIds: readonly string[] }[],
    now: Date,
  ): Promise<TableCommitStatus[]>;

  /** Runs one statement for a person (`ferry query`); exact values come back as strings. */
  query(sql: string): Promise<QueryResult>;

  close(): Promise<void>;
}
