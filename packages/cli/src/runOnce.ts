import type { DmsFile, Sink, SinkResult } from '@ferry/core';
import { tableRefName } from '@ferry/core';
import { parseDmsKey } from '@ferry/dms';
import type { Mappings, TableMapping } from '@ferry/mappings';
import { applyTableFiles } from '@ferry/pipeline';
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
  const open = async (file: DmsFile) => deps.files.open(file.key);
  for (const sinkName of ['warehouse', 'speedLayer'] as const) {
    const sink = deps.sinks[sinkName];
    const table = mapping[sinkName];
    if (!sink || !table) continue;
    deps.log?.(`${mapping.id} → ${sinkName} (${sink.dialect}): ${files.length} file(s)`);
    const outcome = await applyTableFiles({ sink, table, mapping, open, maskKey: deps.maskKey }, files);
    sinks[sinkName] = outcome.result;
    for (const f of outcome.failed) {
      failures.push({ fileKey: f.fileKey, sink: sinkName, reason: f.reason, retryable: f.retryable });
    }
  }
  return { tableId: mapping.id, files: files.length, sinks, failures };
}

/** Full load before CDC, then by ordinal: the order positions give, so logs read naturally. */
function compareFiles(a: DmsFile, b: DmsFile): number {
  if (a.kind !== b.kind) return a.kind === 'full-load' ? -1 : 1;
  return a.ordinal.localeCompare(b.ordinal) || a.key.localeCompare(b.key);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
