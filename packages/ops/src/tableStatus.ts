import { FerryError, type Sink, type SinkTable, type TableCommitStatus } from '@ferry/core';
import { parseDmsKey } from '@ferry/dms';
import type { Mappings, TableMapping } from '@ferry/mappings';
import type { TableStatusReport } from './TableStatusReport.js';
import type { TableStatusRow } from './TableStatusRow.js';

export interface TableStatusInput {
  readonly mappings: Mappings;
  readonly warehouse?: Sink | undefined;
  readonly speedLayer?: Sink | undefined;
  /** Only this source table (`schema.table`), of every source mapping it. */
  readonly table?: string | undefined;
  /** For tables whose mapping sets no `freshnessMinutes`. */
  readonly defaultFreshnessMinutes: number;
  /** Messages waiting per dead-letter queue, read by the caller (SQS), or none. */
  readonly deadLetters?: Readonly<Record<string, number>>;
  /** Files waiting in each sink's DLQ per mapping entry (`failedFilesByEntry`), when the DLQs were read. */
  readonly failedFiles?: Readonly<Record<TableStatusRow['sink'], ReadonlyMap<string, number>>>;
  readonly now: Date;
}

type SinkName = TableStatusRow['sink'];

/**
 * `ferry status`: per mapped table and each sink it feeds, what the sink's ledger says (`Sink.commitStatus`: last
 * file and commit, files and rows in the last hour and day), how far behind the source that is, and whether it is
 * within the table's freshness threshold. One `commitStatus` call per sink; warehouse entries are grouped by the
 * target table they feed, since a warehouse may keep a ledger per target.
 */
export async function tableStatus(input: TableStatusInput): Promise<TableStatusReport> {
  const entries = input.mappings.sources
    .flatMap((s) => [...s.tables.values()])
    .filter((m) => input.table === undefined || `${m.table.schema}.${m.table.table}` === input.table);
  if (input.table !== undefined && entries.length === 0) {
    throw new FerryError(`no source maps table ${input.table}`, {
      hint: 'Name it as the mappings do, <schema>.<table> (e.g. shop.orders)',
    });
  }
  const rows: TableStatusRow[] = [];
  for (const [name, sink, targetOf] of [
    ['warehouse', input.warehouse, (m: TableMapping) => m.warehouse],
    ['speed-layer', input.speedLayer, (m: TableMapping) => m.speedLayer],
  ] as const) {
    const fed = entries.filter((m) => targetOf(m) !== undefined);
    if (!sink || fed.length === 0) continue;
    if (!sink.commitStatus) throw new FerryError(`the ${name} (${sink.dialect}) cannot report its ledger`);
    const groups = new Map<string, { table: SinkTable; entryIds: string[] }>();
    for (const m of fed) {
      const target = targetOf(m)!;
      const key = `${target.namespace ?? ''}.${target.name}`;
      const group = groups.get(key) ?? { table: target, entryIds: [] };
      group.entryIds.push(m.id);
      groups.set(key, group);
    }
    const statuses = new Map(
      (await sink.commitStatus([...groups.values()], input.now)).map((s) => [s.tableId, s] as const),
    );
    for (const m of fed) rows.push(row(input, m, name, targetOf(m)!, statuses.get(m.id)));
  }
  rows.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : a.sink < b.sink ? -1 : 1));
  return {
    at: input.now.toISOString(),
    tables: rows,
    deadLetters: input.deadLetters ?? {},
    breaches: rows.filter((r) => r.state !== 'ok').length,
  };
}

function row(
  input: TableStatusInput,
  mapping: TableMapping,
  sink: SinkName,
  target: SinkTable,
  status: TableCommitStatus | undefined,
): TableStatusRow {
  const now = input.now.getTime();
  const freshnessMinutes = mapping.freshnessMinutes ?? input.defaultFreshnessMinutes;
  const failedFiles = input.failedFiles?.[sink].get(mapping.id) ?? 0;
  const lastFile = status?.lastFile;
  const committed = status?.lastCommittedAt;
  const positionTime = lastFile === undefined ? undefined : fileTime(input.mappings, lastFile);
  const since = positionTime !== undefined ? Date.parse(positionTime) : committed?.getTime();
  return {
    table: mapping.id,
    sink,
    target: target.namespace === undefined ? target.name : `${target.namespace}.${target.name}`,
    lastFile,
    positionTime,
    lastCommittedAt: committed?.toISOString(),
    lagSeconds: since === undefined ? undefined : Math.max(0, Math.round((now - since) / 1000)),
    filesLastHour: status?.filesLastHour ?? 0,
    filesLastDay: status?.filesLastDay ?? 0,
    rowsLastHour: String(status?.rowsLastHour ?? 0n),
    rowsLastDay: String(status?.rowsLastDay ?? 0n),
    freshnessMinutes,
    failedFiles,
    state:
      failedFiles > 0
        ? 'failing'
        : committed === undefined
          ? 'never'
          : now - committed.getTime() > freshnessMinutes * 60_000
            ? 'stale'
            : 'ok',
  };
}

/** The CDC file name's time (ISO), or undefined for a full-load file or a key the mappings no longer place. */
function fileTime(mappings: Mappings, key: string): string | undefined {
  const source = mappings.findSource(key);
  if (!source) return undefined;
  try {
    return parseDmsKey(key, source).fileTime;
  } catch {
    return undefined;
  }
}
