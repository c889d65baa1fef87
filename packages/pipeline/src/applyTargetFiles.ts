import type { DmsFile, FileChanges, Sink, SinkResult, SinkTable } from '@ferry/core';
import { DmsFileError, FerryError, SchemaChangeError } from '@ferry/core';
import { type DmsParquetFile, openDmsParquet } from '@ferry/dms';
import { dmsReadOptions } from './dmsReadOptions.js';
import type { EntryFiles } from './EntryFiles.js';
import type { FailedFile } from './FailedFile.js';
import { fileChanges } from './fileChanges.js';
import type { OpenFile } from './OpenFile.js';
import { sumResults } from './sumResults.js';

export interface ApplyTargetFilesDeps {
  readonly sink: Sink;
  readonly open: OpenFile;
  /** The key for masked columns' keyed hash; from config, never from a mapping. */
  readonly maskKey: string;
}

/** What happened to one entry's files. */
export interface EntryOutcome<T extends EntryFiles = EntryFiles> {
  readonly entry: T;
  /** The entry's share of the target's transactions: its files, and the change rows those files held. */
  readonly result: SinkResult;
  readonly failed: readonly FailedFile[];
}

export interface TargetOutcome<T extends EntryFiles = EntryFiles> {
  /** The table every sink call named: the entries' shared target (its `id` names all of them). */
  readonly target: SinkTable;
  /** In the order given. */
  readonly entries: readonly EntryOutcome<T>[];
  /** Every transaction's result added up (the per-entry shares are in `entries`). */
  readonly result: SinkResult;
  /** How many times the sink was called: one per 100 files when no file fails. */
  readonly calls: number;
}

/**
 * Sinks keep one transaction per call; this bounds how much one transaction holds while still merging
 * many files of a table at once (one MERGE per batch is what keeps warehouses cheap).
 */
const MAX_FILES_PER_TRANSACTION = 100;

/**
 * Applies the files of one or more mapping entries that write the same target table (a consolidated table fed
 * by several sources, told apart by a tenant key) to one sink in as few transactions as possible: every entry's
 * files go into the same `applyFiles` calls, each file recorded under its own entry (`FileChanges.tableId`).
 * Use `groupByTarget` to form the groups; entries that disagree on the target (namespace, name, delete mode,
 * key, JSON columns) are refused with a `FerryError` naming them, before anything is read.
 *
 * Failures stay as narrow as with one entry alone: a bad file (unreadable, an unknown `Op`, a NULL key) fails
 * alone, named with its reason, and the others land; a column type that no longer fits lands that entry's files
 * before the one that changed it and stops the entry at that file, while the other entries go on; a terminal
 * error no file is named in is retried per entry, so one entry's trouble does not hold back the others; a sink
 * that is unavailable fails every file not yet committed, retryably.
 */
export async function applyTargetFiles<T extends EntryFiles>(
  deps: ApplyTargetFilesDeps,
  entries: readonly T[],
): Promise<TargetOutcome<T>> {
  const run: Run = {
    deps,
    entries,
    target: targetOf(entries),
    failed: entries.map(() => []),
    results: entries.map(() => []),
    stopped: entries.map(() => undefined),
    totals: [],
    calls: 0,
  };
  const items = entries.flatMap((entry, index) => entry.files.map((file): Item => ({ entry: index, file })));
  for (let i = 0; i < items.length; i += MAX_FILES_PER_TRANSACTION) {
    const batch = items.slice(i, i + MAX_FILES_PER_TRANSACTION).filter((item) => !failIfStopped(run, item));
    if (batch.length > 0) await applyBatch(run, batch);
  }
  return {
    target: run.target,
    entries: entries.map((entry, index) => ({
      entry,
      result: sumResults(run.results[index]!),
      failed: run.failed[index]!,
    })),
    result: sumResults(run.totals),
    calls: run.calls,
  };
}

interface Run {
  readonly deps: ApplyTargetFilesDeps;
  readonly entries: readonly EntryFiles[];
  readonly target: SinkTable;
  /** Per entry, by index. */
  readonly failed: FailedFile[][];
  readonly results: SinkResult[][];
  /** Why an entry takes no more files (its column type no longer fits), once it stopped. */
  readonly stopped: (string | undefined)[];
  readonly totals: SinkResult[];
  calls: number;
}

interface Item {
  /** Index into `Run.entries`. */
  readonly entry: number;
  readonly file: DmsFile;
}

interface Opened extends Item {
  readonly parquet: DmsParquetFile;
  readonly close: () => Promise<void>;
}

/**
 * The table every call names. One entry: its own table. Several: their shared target, with an id naming them
 * all for errors (each file's ledger row names its own entry).
 */
function targetOf(entries: readonly EntryFiles[]): SinkTable {
  const [first] = entries;
  if (first === undefined) throw new RangeError('applyTargetFiles needs at least one entry');
  const ids = entries.map((e) => e.mapping.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) {
    throw new FerryError(`mapping entry ${twice} is given twice for one target table`, {
      hint: 'Pass each entry once, with all its files',
    });
  }
  for (const other of entries.slice(1)) {
    const why = disagreement(first.table, other.table);
    if (why) {
      throw new FerryError(
        `mapping entries ${first.mapping.id} and ${other.mapping.id} cannot share one ${why}, so their files cannot go in one call`,
        { hint: 'Group entries by target table (groupByTarget); nothing was written' },
      );
    }
  }
  return entries.length === 1 ? first.table : { ...first.table, id: ids.join('+') };
}

/** How two entries' targets differ, or `undefined` when one call can take both. */
function disagreement(a: SinkTable, b: SinkTable): string | undefined {
  const name = (t: SinkTable) => (t.namespace === undefined ? t.name : `${t.namespace}.${t.name}`);
  if (a.namespace !== b.namespace || a.name !== b.name) return `target: they write ${name(a)} and ${name(b)}`;
  if (a.deletes !== b.deletes) return `delete mode: ${name(a)} has deletes ${a.deletes} and ${b.deletes}`;
  if (a.keyColumns.join('\u0000') !== b.keyColumns.join('\u0000')) {
    return `key: ${name(a)} is keyed by (${a.keyColumns.join(', ')}) and (${b.keyColumns.join(', ')})`;
  }
  const json = (t: SinkTable) => [...(t.jsonColumns ?? [])].sort();
  if (json(a).join('\u0000') !== json(b).join('\u0000')) {
    return `set of JSON columns: ${name(a)} has (${json(a).join(', ')}) and (${json(b).join(', ')})`;
  }
  return undefined;
}

/**
 * One transaction's worth of files. A file that turns out to be bad while the sink reads it rolls the
 * transaction back; it is then failed alone and the rest applied again.
 */
async function applyBatch(run: Run, batch: readonly Item[]): Promise<void> {
  const opened: Opened[] = [];
  try {
    for (const item of batch) {
      try {
        const source = await run.deps.open(item.file);
        try {
          const parquet = await openDmsParquet(source, item.file, dmsReadOptions(run.entries[item.entry]!.mapping));
          opened.push({ ...item, parquet, close: () => source.close() });
        } catch (error) {
          await source.close();
          throw error;
        }
      } catch (error) {
        fail(run, item, error);
      }
    }
    await applyOpened(run, opened);
  } finally {
    await Promise.all(opened.map((o) => o.close()));
  }
}

async function applyOpened(run: Run, files: readonly Opened[]): Promise<void> {
  let pending = files;
  while (pending.length > 0) {
    try {
      await call(run, pending);
      return;
    } catch (error) {
      const bad = error instanceof DmsFileError ? pending.find((p) => p.file.key === error.fileKey) : undefined;
      if (bad) {
        fail(run, bad, error);
        pending = pending.filter((p) => p !== bad);
        continue;
      }
      if (error instanceof SchemaChangeError) {
        // The error names the entry whose file brought the type: that entry lands file by file up to it and
        // stops; the other entries' files go on together.
        const named = pending.filter((p) => run.entries[p.entry]!.mapping.id === error.tableId);
        const stopping = named.length > 0 ? named : pending;
        await applyUntilSchemaChange(run, stopping);
        pending = pending.filter((p) => !stopping.includes(p));
        continue;
      }
      const entries = [...new Set(pending.map((p) => p.entry))];
      if (entries.length > 1 && !(error instanceof FerryError && error.retryable)) {
        // Terminal, and no file named: as if each entry had been sent alone, so only the one at fault fails.
        for (const entry of entries)
          await applyOpened(
            run,
            pending.filter((p) => p.entry === entry),
          );
        return;
      }
      for (const p of pending) fail(run, p, error);
      return;
    }
  }
}

/**
 * A column type no longer fits somewhere in these files. Each file is applied alone, in load order; an entry
 * whose file changed the type stops there (that file and its later ones fail, named with the reason) while the
 * files before it, and the other entries' files, still land.
 */
async function applyUntilSchemaChange(run: Run, files: readonly Opened[]): Promise<void> {
  for (const opened of files) {
    if (failIfStopped(run, opened)) continue;
    try {
      await call(run, [opened]);
    } catch (error) {
      fail(run, opened, error);
      if (error instanceof SchemaChangeError) {
        run.stopped[opened.entry] = `table stopped at ${opened.file.key}: ${error.message}`;
      }
    }
  }
}

/** One sink transaction over `files`; the result is shared out to the entries the files came from. */
async function call(run: Run, files: readonly Opened[]): Promise<void> {
  const changes: FileChanges[] = files.map(({ entry, file, parquet }) =>
    fileChanges(file, parquet, run.entries[entry]!.mapping, run.deps.maskKey),
  );
  run.calls++;
  const result = await run.deps.sink.applyFiles(run.target, changes);
  run.totals.push(result);
  const entries = [...new Set(files.map((f) => f.entry))];
  for (const entry of entries) {
    const id = run.entries[entry]!.mapping.id;
    const keys = new Set(files.filter((f) => f.entry === entry).map((f) => f.file.key));
    run.results[entry]!.push(shareOf(result, id, entries.length === 1, keys));
  }
}

/**
 * An entry's part of one call's result: the sink's own split (`SinkResult.byTable`, what every warehouse gives),
 * the whole result when the call held that entry alone, or else (a sink that does not split) its files only.
 */
function shareOf(result: SinkResult, tableId: string, alone: boolean, keys: ReadonlySet<string>): SinkResult {
  const share = result.byTable?.[tableId];
  if (share) return share;
  if (alone) return sumResults([result]);
  return {
    filesCommitted: result.filesCommitted.filter((k) => keys.has(k)),
    filesAlreadyApplied: result.filesAlreadyApplied.filter((k) => keys.has(k)),
    rows: 0,
    inserted: 0,
    updated: 0,
    deleted: 0,
    stale: 0,
  };
}

/** Fails the file with its entry's stop reason when the entry stopped; says whether it did. */
function failIfStopped(run: Run, item: Item): boolean {
  const stopped = run.stopped[item.entry];
  if (stopped === undefined) return false;
  run.failed[item.entry]!.push({ fileKey: item.file.key, reason: stopped, retryable: false, error: undefined });
  return true;
}

function fail(run: Run, item: Item, error: unknown): void {
  run.failed[item.entry]!.push({
    fileKey: item.file.key,
    reason: error instanceof Error ? error.message : String(error),
    retryable: error instanceof FerryError ? error.retryable : false,
    error,
  });
}
