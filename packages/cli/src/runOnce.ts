import type { DmsFile, FileChanges, Sink, SinkResult, SinkTable } from '@ferry/core';
import { DmsFileError, FerryError, SchemaChangeError, tableRefName } from '@ferry/core';
import { type DmsParquetFile, openDmsParquet, parseDmsKey } from '@ferry/dms';
import { type Mappings, projectChanges, projectColumns, type TableMapping } from '@ferry/mappings';
import type { FileStore } from './FileStore.js';
import type { FileFailure, RunSummary, SinkName, TableSummary } from './RunSummary.js';

export interface RunDeps {
  readonly mappings: Mappings;
  readonly files: FileStore;
  readonly sinks: Partial<Record<SinkName, Sink>>;
  /** The key for masked columns' keyed hash; from config, never from a mapping. */
  readonly maskKey: string;
  /** Progress lines for a person; the summary is the result. */
  readonly log?: (line: string) => void;
}

/**
 * Sinks keep one transaction per call; this bounds how much one transaction holds while still merging
 * many files of a table at once (one MERGE per batch is what keeps warehouses cheap).
 */
const MAX_FILES_PER_TRANSACTION = 100;

/**
 * `ferry run`: every DMS file in the store goes through every configured sink once.
 *
 * Files are grouped per mapped table and applied in position order (full load, then CDC by name time);
 * the sinks' ledgers and version guards make a second run over the same or an overlapping folder change
 * nothing. A bad file fails alone (named, with its reason); a table whose column type no longer fits stops
 * for that sink; everything else flows on.
 */
export async function runOnce(deps: RunDeps): Promise<RunSummary> {
  const skipped: { key: string; reason: string }[] = [];
  const invalid: FileFailure[] = [];
  const byTable = new Map<string, { mapping: TableMapping; files: DmsFile[] }>();

  // The same key listed twice (a duplicate event) is one file: the sinks' ledgers see each key once per call.
  for (const key of new Set(await deps.files.list())) {
    const source = deps.mappings.findSource(key);
    if (!source) {
      skipped.push({ key, reason: 'under no mapped prefix' });
      continue;
    }
    let file: DmsFile;
    try {
      file = parseDmsKey(key, source);
    } catch (error) {
      invalid.push({ fileKey: key, sink: 'read', reason: messageOf(error), retryable: false });
      continue;
    }
    const mapping = deps.mappings.table(source.source, file.table);
    if (!mapping) {
      skipped.push({ key, reason: `table ${tableRefName(file.table)} is not mapped in ${source.file}` });
      continue;
    }
    const entry = byTable.get(mapping.id) ?? { mapping, files: [] };
    entry.files.push(file);
    byTable.set(mapping.id, entry);
  }

  const tables: TableSummary[] = [];
  for (const { mapping, files } of [...byTable.values()].sort((a, b) => a.mapping.id.localeCompare(b.mapping.id))) {
    files.sort(compareFiles);
    tables.push(await runTable(mapping, files, deps));
  }
  const ok = invalid.length === 0 && tables.every((t) => t.failures.length === 0);
  return { tables, skipped, invalid, ok };
}

async function runTable(mapping: TableMapping, files: readonly DmsFile[], deps: RunDeps): Promise<TableSummary> {
  const failures: FileFailure[] = [];
  const sinks: Partial<Record<SinkName, SinkResult>> = {};
  for (const sinkName of ['warehouse', 'speedLayer'] as const) {
    const sink = deps.sinks[sinkName];
    const table = mapping[sinkName];
    if (!sink || !table) continue;
    deps.log?.(`${mapping.id} → ${sinkName} (${sink.dialect}): ${files.length} file(s)`);
    const results: SinkResult[] = [];
    let stopped: string | undefined;
    for (let i = 0; i < files.length; i += MAX_FILES_PER_TRANSACTION) {
      const batch = files.slice(i, i + MAX_FILES_PER_TRANSACTION);
      if (stopped) {
        for (const f of batch) failures.push({ fileKey: f.key, sink: sinkName, reason: stopped, retryable: false });
        continue;
      }
      const outcome = await applyBatch(sink, sinkName, table, mapping, batch, deps, failures);
      if (outcome.result) results.push(outcome.result);
      stopped = outcome.stopped;
    }
    sinks[sinkName] = sumResults(results);
  }
  return { tableId: mapping.id, files: files.length, sinks, failures };
}

/**
 * Applies one batch of files to one sink. A file that turns out to be bad while the sink reads it
 * (an unknown `Op`, a NULL key) rolls the transaction back; it is then failed alone and the rest retried.
 */
async function applyBatch(
  sink: Sink,
  sinkName: SinkName,
  table: SinkTable,
  mapping: TableMapping,
  batch: readonly DmsFile[],
  deps: RunDeps,
  failures: FileFailure[],
): Promise<{ result?: SinkResult; stopped?: string }> {
  const opened: { file: DmsFile; parquet: DmsParquetFile; close: () => Promise<void> }[] = [];
  try {
    for (const file of batch) {
      try {
        const source = await deps.files.open(file.key);
        try {
          const parquet = await openDmsParquet(source, file, readOptions(mapping));
          opened.push({ file, parquet, close: () => source.close() });
        } catch (error) {
          await source.close();
          throw error;
        }
      } catch (error) {
        failures.push(failureOf(file.key, sinkName, error));
      }
    }
    let pending = opened;
    while (pending.length > 0) {
      try {
        const changes = pending.map(({ file, parquet }) => fileChanges(file, parquet, mapping, deps.maskKey));
        return { result: await sink.applyFiles(table, changes) };
      } catch (error) {
        const bad = error instanceof DmsFileError ? pending.find((p) => p.file.key === error.fileKey) : undefined;
        if (bad) {
          failures.push(failureOf(bad.file.key, sinkName, error));
          pending = pending.filter((p) => p !== bad);
          continue;
        }
        if (error instanceof SchemaChangeError)
          return await applyUntilSchemaChange(sink, sinkName, table, mapping, pending, deps, failures);
        for (const p of pending) failures.push(failureOf(p.file.key, sinkName, error));
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
  sink: Sink,
  sinkName: SinkName,
  table: SinkTable,
  mapping: TableMapping,
  pending: readonly { file: DmsFile; parquet: DmsParquetFile }[],
  deps: RunDeps,
  failures: FileFailure[],
): Promise<{ result?: SinkResult; stopped?: string }> {
  const results: SinkResult[] = [];
  for (const [i, { file, parquet }] of pending.entries()) {
    try {
      results.push(await sink.applyFiles(table, [fileChanges(file, parquet, mapping, deps.maskKey)]));
    } catch (error) {
      failures.push(failureOf(file.key, sinkName, error));
      if (!(error instanceof SchemaChangeError)) continue;
      const stopped = `table stopped at ${file.key}: ${error.message}`;
      for (const later of pending.slice(i + 1)) {
        failures.push({ fileKey: later.file.key, sink: sinkName, reason: stopped, retryable: false });
      }
      return { result: sumResults(results), stopped };
    }
  }
  return { result: sumResults(results) };
}

function fileChanges(file: DmsFile, parquet: DmsParquetFile, mapping: TableMapping, maskKey: string): FileChanges {
  return {
    fileKey: file.key,
    columns: projectColumns(file.key, parquet.columns, mapping),
    chunks: async function* () {
      for await (const batch of parquet.rowGroups()) yield projectChanges(batch, mapping, maskKey);
    },
  };
}

function readOptions(mapping: TableMapping) {
  return {
    sequenceColumn: mapping.sequenceColumn,
    timestampColumns: mapping.timestampColumn ? [mapping.timestampColumn] : [],
    wallClockColumns: mapping.wallClock,
  };
}

/** Full load before CDC, then by ordinal: the order positions give, so logs read naturally. */
function compareFiles(a: DmsFile, b: DmsFile): number {
  if (a.kind !== b.kind) return a.kind === 'full-load' ? -1 : 1;
  return a.ordinal.localeCompare(b.ordinal) || a.key.localeCompare(b.key);
}

function sumResults(results: readonly SinkResult[]): SinkResult {
  return {
    filesCommitted: results.flatMap((r) => r.filesCommitted),
    filesAlreadyApplied: results.flatMap((r) => r.filesAlreadyApplied),
    rows: results.reduce((n, r) => n + r.rows, 0),
    inserted: results.reduce((n, r) => n + r.inserted, 0),
    updated: results.reduce((n, r) => n + r.updated, 0),
    deleted: results.reduce((n, r) => n + r.deleted, 0),
    stale: results.reduce((n, r) => n + r.stale, 0),
  };
}

function failureOf(fileKey: string, sink: SinkName | 'read', error: unknown): FileFailure {
  return {
    fileKey,
    sink,
    reason: messageOf(error),
    retryable: error instanceof FerryError ? error.retryable : false,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
