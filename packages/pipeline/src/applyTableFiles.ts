import type { DmsFile, Sink, SinkResult, SinkTable } from '@ferry/core';
import { DmsFileError, FerryError, SchemaChangeError } from '@ferry/core';
import { type DmsParquetFile, openDmsParquet } from '@ferry/dms';
import type { TableMapping } from '@ferry/mappings';
import { dmsReadOptions } from './dmsReadOptions.js';
import type { FailedFile } from './FailedFile.js';
import { fileChanges } from './fileChanges.js';
import type { OpenFile } from './OpenFile.js';
import { sumResults } from './sumResults.js';

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
 * Sinks keep one transaction per call; this bounds how much one transaction holds while still merging
 * many files of a table at once (one MERGE per batch is what keeps warehouses cheap).
 */
const MAX_FILES_PER_TRANSACTION = 100;

/**
 * Applies one mapped table's files (in load order) to one sink, as few transactions as possible.
 *
 * A bad file (unreadable, an unknown `Op`, a NULL key) fails alone, named with its reason, and the others
 * land; a column type that no longer fits lands the files before the one that changed it and stops the table
 * at that file; a sink that is unavailable fails every file not yet committed, retryably.
 */
export async function applyTableFiles(
  deps: ApplyTableFilesDeps,
  files: readonly DmsFile[],
): Promise<TableFilesOutcome> {
  const failed: FailedFile[] = [];
  const results: SinkResult[] = [];
  let stopped: string | undefined;
  for (let i = 0; i < files.length; i += MAX_FILES_PER_TRANSACTION) {
    const batch = files.slice(i, i + MAX_FILES_PER_TRANSACTION);
    if (stopped) {
      for (const f of batch) failed.push({ fileKey: f.key, reason: stopped, retryable: false, error: undefined });
      continue;
    }
    const outcome = await applyBatch(deps, batch, failed);
    if (outcome.result) results.push(outcome.result);
    stopped = outcome.stopped;
  }
  return { result: sumResults(results), failed };
}

interface Opened {
  readonly file: DmsFile;
  readonly parquet: DmsParquetFile;
  readonly close: () => Promise<void>;
}

/**
 * One transaction's worth of files. A file that turns out to be bad while the sink reads it rolls the
 * transaction back; it is then failed alone and the rest applied again.
 */
async function applyBatch(
  deps: ApplyTableFilesDeps,
  batch: readonly DmsFile[],
  failed: FailedFile[],
): Promise<{ result?: SinkResult; stopped?: string }> {
  const opened: Opened[] = [];
  try {
    for (const file of batch) {
      try {
        const source = await deps.open(file);
        try {
          const parquet = await openDmsParquet(source, file, dmsReadOptions(deps.mapping));
          opened.push({ file, parquet, close: () => source.close() });
        } catch (error) {
          await source.close();
          throw error;
        }
      } catch (error) {
        failed.push(failure(file.key, error));
      }
    }
    let pending = opened;
    while (pending.length > 0) {
      try {
        const changes = pending.map(({ file, parquet }) => fileChanges(file, parquet, deps.mapping, deps.maskKey));
        return { result: await deps.sink.applyFiles(deps.table, changes) };
      } catch (error) {
        const bad = error instanceof DmsFileError ? pending.find((p) => p.file.key === error.fileKey) : undefined;
        if (bad) {
          failed.push(failure(bad.file.key, error));
          pending = pending.filter((p) => p !== bad);
          continue;
        }
        if (error instanceof SchemaChangeError) return await applyUntilSchemaChange(deps, pending, failed);
        for (const p of pending) failed.push(failure(p.file.key, error));
        return {};
      }
    }
    return {};
  } finally {
    await Promise.all(opened.map((o) => o.close()));
  }
}

/**
 * A column type no longer fits somewhere in the batch. Files before the one that changed it still land
 * (one at a time, in position order); from that file on the table stops for this sink, named with the reason.
 */
async function applyUntilSchemaChange(
  deps: ApplyTableFilesDeps,
  pending: readonly Opened[],
  failed: FailedFile[],
): Promise<{ result?: SinkResult; stopped?: string }> {
  const results: SinkResult[] = [];
  for (const [i, { file, parquet }] of pending.entries()) {
    try {
      results.push(await deps.sink.applyFiles(deps.table, [fileChanges(file, parquet, deps.mapping, deps.maskKey)]));
    } catch (error) {
      failed.push(failure(file.key, error));
      if (!(error instanceof SchemaChangeError)) continue;
      const stopped = `table stopped at ${file.key}: ${error.message}`;
      for (const later of pending.slice(i + 1)) {
        failed.push({ fileKey: later.file.key, reason: stopped, retryable: false, error });
      }
      return { result: sumResults(results), stopped };
    }
  }
  return { result: sumResults(results) };
}

function failure(fileKey: string, error: unknown): FailedFile {
  return {
    fileKey,
    reason: error instanceof Error ? error.message : String(error),
    retryable: error instanceof FerryError ? error.retryable : false,
    error,
  };
}
