import type { DmsFile, Sink, SinkResult } from '@ferry/core';
import { tableRefName } from '@ferry/core';
import { parseDmsKey } from '@ferry/dms';
import type { Mappings, TableMapping } from '@ferry/mappings';
import { applyTableFiles, applyTargetFiles, type FailedFile, groupByTarget } from '@ferry/pipeline';
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
 * Files are grouped per mapped table and applied in position order (full load, then CDC by name time); in the
 * warehouse, the tables several sources feed (a consolidated table) take all their entries' files in the same
 * calls, one MERGE per target. The sinks' ledgers and version guards make a second run over the same or an
 * overlapping folder change nothing. A bad file fails alone (named, with its reason); a table whose column type no longer fits stops
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

  const entries = [...byTable.values()].sort((a, b) => a.mapping.id.localeCompare(b.mapping.id));
  for (const { files } of entries) files.sort(compareFiles);
  const open = async (file: DmsFile) => deps.files.open(file.key);
  const summaries = new Map(
    entries.map(({ mapping }) => [
      mapping.id,
      { failures: [] as FileFailure[], sinks: {} as Partial<Record<SinkName, SinkResult>> },
    ]),
  );
  const record = (tableId: string, sink: SinkName, result: SinkResult, failed: readonly FailedFile[]) => {
    const summary = summaries.get(tableId)!;
    summary.sinks[sink] = result;
    for (const f of failed)
      summary.failures.push({ fileKey: f.fileKey, sink, reason: f.reason, retryable: f.retryable });
  };

  // Warehouse: the entries writing one table (a consolidated table fed by several sources) share its calls, so
  // each target takes one MERGE per 100 files, whichever sources they came from.
  const warehouse = deps.sinks.warehouse;
  if (warehouse) {
    const feeding = entries.flatMap(({ mapping, files }) =>
      mapping.warehouse ? [{ mapping, table: mapping.warehouse, files }] : [],
    );
    for (const group of groupByTarget(feeding)) {
      const { namespace, name } = group[0]!.table;
      const files = group.reduce((n, e) => n + e.files.length, 0);
      deps.log?.(
        `${group.map((e) => e.mapping.id).join(' + ')} → warehouse ${namespace}.${name} (${warehouse.dialect}): ${files} file(s)`,
      );
      const outcome = await applyTargetFiles({ sink: warehouse, open, maskKey: deps.maskKey }, group);
      for (const { entry, result, failed } of outcome.entries) record(entry.mapping.id, 'warehouse', result, failed);
    }
  }
  // Speed layer: one entry per call (it keeps tombstones per entry).
  const speedLayer = deps.sinks.speedLayer;
  if (speedLayer) {
    for (const { mapping, files } of entries) {
      const table = mapping.speedLayer;
      if (!table) continue;
      deps.log?.(`${mapping.id} → speedLayer (${speedLayer.dialect}): ${files.length} file(s)`);
      const outcome = await applyTableFiles({ sink: speedLayer, table, mapping, open, maskKey: deps.maskKey }, files);
      record(mapping.id, 'speedLayer', outcome.result, outcome.failed);
    }
  }

  const tables: TableSummary[] = entries.map(({ mapping, files }) => {
    const { sinks, failures } = summaries.get(mapping.id)!;
    return { tableId: mapping.id, files: files.length, sinks, failures };
  });
  const ok = invalid.length === 0 && tables.every((t) => t.failures.length === 0);
  return { tables, skipped, invalid, ok };
}

/** Full load before CDC, then by ordinal: the order positions give, so logs read naturally. */
function compareFiles(a: DmsFile, b: DmsFile): number {
  if (a.kind !== b.kind) return a.kind === 'full-load' ? -1 : 1;
  return a.ordinal.localeCompare(b.ordinal) || a.key.localeCompare(b.key);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
