import type { DmsFile, Sink, SinkResult, SinkTable } from '@ferry/core';
import type { TableMapping } from '@ferry/mappings';
import { applyTargetFiles } from './applyTargetFiles.js';
import type { FailedFile } from './FailedFile.js';
import type { OpenFile } from './OpenFile.js';

export interface ApplyTableFilesDeps {
  readonly sink: Sink;
  /** Where the mapping sends the table in this sink. */
  readonly table: SinkTable;
  readonly mapping: TableMapping;
  readonly open: OpenFile;
  /** The key for masked columns' keyed hash; from config, never from a mapping. */
  readonly maskKey: string;
}

export interface TableFilesOutcome {
  readonly result: SinkResult;
  readonly failed: readonly FailedFile[];
}

/**
 * Applies one mapped table's files (in load order) to one sink, as few transactions as possible: the speed
 * layer's path, one entry per call. For the warehouse, where several entries may write one table, group them
 * with `groupByTarget` and use `applyTargetFiles`, so a consolidated table takes one MERGE per batch.
 *
 * A bad file (unreadable, an unknown `Op`, a NULL key) fails alone, named with its reason, and the others
 * land; a column type that no longer fits lands the files before the one that changed it and stops the table
 * at that file; a sink that is unavailable fails every file not yet committed, retryably.
 */
export async function applyTableFiles(
  deps: ApplyTableFilesDeps,
  files: readonly DmsFile[],
): Promise<TableFilesOutcome> {
  const { sink, open, maskKey, table, mapping } = deps;
  const { entries } = await applyTargetFiles({ sink, open, maskKey }, [{ mapping, table, files }]);
  const [only] = entries;
  return { result: only!.result, failed: only!.failed };
}
