import {
  type ChangeSet,
  type ChangeSink,
  type ColumnSpec,
  FerryError,
  type FileChanges,
  type QueryResult,
  type Sink,
  type SinkResult,
  type SinkTable,
  SinkUnavailableError,
  type TableCommitStatus,
} from '@ferry/core';
import { applyChunk } from './applyChunk.js';
import { asText } from './asText.js';
import type { ChangeCounts } from './ChangeCounts.js';
import { evolveTable } from './evolveTable.js';
import { ferryTables } from './ferryTables.js';
import { finishText } from './finishText.js';
import { isDuplicateKey } from './isDuplicateKey.js';
import { isRetryableFailure } from './isRetryableFailure.js';
import { metaTypes } from './metaTypes.js';
import { plainInsertSql } from './plainInsertSql.js';
import { requireIdentifier } from './requireIdentifier.js';
import type { SpeedLayerDialect } from './SpeedLayerDialect.js';
import type { SpeedLayerSinkOptions } from './SpeedLayerSinkOptions.js';
import type { SqlClient } from './SqlClient.js';
import type { SqlSession } from './SqlSession.js';
import { statementBatches } from './statementBatches.js';
import { tableColumns } from './tableColumns.js';
import { toQueryCell } from './toQueryCell.js';

/**
 * The speed layer's `Sink` over any `SqlClient` and `SpeedLayerDialect`: the app-facing table holds live
 * rows only (deletes are hard, with tombstones; `SinkTable.deletes` does not apply here), each `applyFiles`
 * is one transaction with its ledger rows, and failures a retry can help with become `SinkUnavailableError`
 * here, at the adapter. Tables live in the connection's default schema (`SinkTable.namespace` is unused).
 *
 * Counts (`SinkResult`): `rows` is every change read from the committed files, and each is counted once, so
 * `rows = inserted + updated + deleted + stale`. `deleted` counts deletes that took effect: the live row was
 * removed, or a tombstone was written for a key this sink had not seen. `stale` counts changes not applied
 * because a newer version of the row was stored (live row or tombstone) or came later in the same row group.
 *
 * `applyChanges` (the merge worker's way in) is the same transaction without the file ledger: see `ChangeSink`.
 */
export class SpeedLayerSink implements Sink, ChangeSink {
  readonly dialect: string;
  readonly #client: SqlClient;
  readonly #options: SpeedLayerSinkOptions;
  #base: SpeedLayerDialect;
  #ready: Promise<SpeedLayerDialect> | undefined;

  constructor(client: SqlClient, dialect: SpeedLayerDialect, options: SpeedLayerSinkOptions) {
    this.dialect = dialect.name;
    this.#client = client;
    this.#base = dialect;
    this.#options = options;
  }

  async applyFiles(table: SinkTable, files: readonly FileChanges[]): Promise<SinkResult> {
    return this.#guard(async () => {
      const dialect = await this.#prepared();
      checkTable(table);
      const unique: FileChanges[] = [];
      const repeated: string[] = [];
      for (const file of files) {
        if (unique.some((f) => f.fileKey === file.fileKey)) repeated.push(file.fileKey);
        else unique.push(file);
      }
      const before = await appliedFiles(
        this.#client,
        dialect,
        table.id,
        unique.map((f) => f.fileKey),
      );
      const pending = unique.filter((f) => !before.has(f.fileKey));
      if (pending.length === 0) return emptyResult(unique.map((f) => f.fileKey).concat(repeated));

      const layout = await evolveTable(this.#client, dialect, table, pending);
      return this.#client.transaction(async (tx) => {
        // Checked again inside the transaction: another worker may have committed a file meanwhile.
        const applied = await appliedFiles(
          tx,
          dialect,
          table.id,
          pending.map((f) => f.fileKey),
        );
        const counts: ChangeCounts = { rows: 0, inserted: 0, updated: 0, deleted: 0, stale: 0 };
        const ledger: unknown[][] = [];
        const committed: string[] = [];
        const tombstones = { exist: await hasTombstones(tx, dialect, table.id) };
        const appliedAt = dialect.binder(metaTypes.instant)(BigInt(Date.now()) * 1000n);
        for (const file of pending) {
          if (applied.has(file.fileKey)) continue;
          const rowsBefore = counts.rows;
          for await (const chunk of file.chunks())
            await applyChunk(tx, dialect, layout, file.fileKey, chunk, counts, tombstones);
          ledger.push([
            table.id,
            file.fileKey,
            dialect.binder(metaTypes.int64)(BigInt(counts.rows - rowsBefore)),
            appliedAt,
          ]);
          committed.push(file.fileKey);
        }
        await recordFiles(tx, dialect, table.id, ledger);
        const skipped = unique.filter((f) => !committed.includes(f.fileKey)).map((f) => f.fileKey);
        return { filesCommitted: committed, filesAlreadyApplied: skipped.concat(repeated), ...counts };
      });
    });
  }

  async applyChanges(table: SinkTable, sets: readonly ChangeSet[]): Promise<SinkResult> {
    return this.#guard(async () => {
      const dialect = await this.#prepared();
      checkTable(table);
      const counts: ChangeCounts = { rows: 0, inserted: 0, updated: 0, deleted: 0, stale: 0 };
      const live = sets.filter((s) => s.changes.rowCount > 0);
      if (live.length === 0) return { filesCommitted: [], filesAlreadyApplied: [], ...counts };
      // evolveTable reads schemas as files; a change set is a one-chunk "file" named by its label.
      const asFiles = live.map(
        (s): FileChanges => ({
          fileKey: s.label,
          columns: s.changes.columns,
          chunks: async function* () {
            yield s.changes;
          },
        }),
      );
      const layout = await evolveTable(this.#client, dialect, table, asFiles);
      return this.#client.transaction(async (tx) => {
        const tombstones = { exist: await hasTombstones(tx, dialect, table.id) };
        for (const s of live) await applyChunk(tx, dialect, layout, s.label, s.changes, counts, tombstones);
        // Per file, once per transaction: what reached the table and when (ferry status).
        const files = new Map<string, number>();
        for (const s of live) for (const f of s.files ?? []) files.set(f.fileKey, (files.get(f.fileKey) ?? 0) + f.rows);
        const appliedAt = dialect.binder(metaTypes.instant)(BigInt(Date.now()) * 1000n);
        for (const [fileKey, rows] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
          await tx.query(dialect.streamFileUpsert, [
            table.id,
            fileKey,
            dialect.binder(metaTypes.int64)(BigInt(rows)),
            appliedAt,
          ]);
        }
        return { filesCommitted: [], filesAlreadyApplied: [], ...counts };
      });
    });
  }

  async readRows(table: SinkTable, columns: readonly ColumnSpec[]): Promise<Record<string, string | null>[]> {
    return this.#guard(async () => {
      const dialect = await this.#prepared();
      checkTable(table);
      for (const c of columns) requireIdentifier(c.name, 'column', table.id);
      const existing = await tableColumns(this.#client, dialect, table.name);
      if (existing.size === 0) return [];
      const q = (name: string) => dialect.quote(name);
      // A column no file has brought yet reads as NULL, as it would once added.
      const select = columns.map((c) => (existing.has(c.name) ? dialect.readText(c.type, q(c.name)) : 'NULL'));
      // Qualified: a bare name would sort by the select list's text rendering of that column.
      const order = table.keyColumns.filter((k) => existing.has(k)).map((k) => `${q(table.name)}.${q(k)}`);
      const result = await this.#client.query(
        `SELECT ${select.length > 0 ? select.join(', ') : '1'} FROM ${q(table.name)}${order.length > 0 ? ` ORDER BY ${order.join(', ')}` : ''}`,
      );
      return result.rows.map((row) => {
        const record: Record<string, string | null> = {};
        columns.forEach((c, i) => {
          const v = row[i];
          record[c.name] = v === null || v === undefined ? null : finishText(c.type, asText(v));
        });
        return record;
      });
    });
  }

  /** `Sink.commitStatus` from `_ferry_applied_files` (the speed layer keys its ledger by entry, whatever the table). */
  async commitStatus(
    entries: readonly { readonly table: SinkTable; readonly entryIds: readonly string[] }[],
    now: Date,
  ): Promise<TableCommitStatus[]> {
    return this.#guard(async () => {
      const dialect = await this.#prepared();
      const ids = [...new Set(entries.flatMap((e) => e.entryIds))];
      const found = ids.length > 0 ? await ledgerStatus(this.#client, dialect, ids, now) : new Map();
      return entries.flatMap(({ entryIds }) =>
        entryIds.map(
          (tableId): TableCommitStatus =>
            found.get(tableId) ?? { tableId, filesLastHour: 0, filesLastDay: 0, rowsLastHour: 0n, rowsLastDay: 0n },
        ),
      );
    });
  }

  async query(sql: string): Promise<QueryResult> {
    return this.#guard(async () => {
      const result = await this.#client.query(sql);
      return { columns: result.columns, rows: result.rows.map((r) => r.map(toQueryCell)) };
    });
  }

  async close(): Promise<void> {
    if (this.#options.ownsClient) await this.#client.close();
  }

  /** The dialect after its one-time preparation, with ferry's own tables created. Retried after a failure. */
  #prepared(): Promise<SpeedLayerDialect> {
    this.#ready ??= (async () => {
      const dialect = this.#options.prepare ? await this.#options.prepare(this.#client, this.#base) : this.#base;
      for (const ddl of dialect.metaTableDdl) await this.#client.query(ddl);
      this.#base = dialect;
      return dialect;
    })().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  /** Decides here, at the adapter, whether a failure is retryable (DESIGN.md §4). */
  async #guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof SinkUnavailableError || !isRetryableFailure(error, this.#base.retryable)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new SinkUnavailableError(this.dialect, reason || 'connection failed', { cause: error });
    }
  }
}

function checkTable(table: SinkTable): void {
  requireIdentifier(table.name, 'table', table.id);
  if (table.keyColumns.length === 0) {
    throw new FerryError(`${table.id}: has no primary key`, { hint: 'Set primaryKey in the mapping' });
  }
  for (const k of table.keyColumns) requireIdentifier(k, 'primary-key column', table.id);
}

function emptyResult(skipped: string[]): SinkResult {
  return { filesCommitted: [], filesAlreadyApplied: skipped, rows: 0, inserted: 0, updated: 0, deleted: 0, stale: 0 };
}

/** Which of `fileKeys` the ledger already holds for `tableId`. */
async function appliedFiles(
  session: SqlSession,
  dialect: SpeedLayerDialect,
  tableId: string,
  fileKeys: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  const q = (name: string) => dialect.quote(name);
  const limits = { ...dialect, maxParams: dialect.maxParams - 1 };
  for (const batch of statementBatches(
    fileKeys.map((k) => [k]),
    limits,
  )) {
    const match = dialect.anyText(q('file_key'), batch.flat(), 1);
    const result = await session.query(
      `SELECT ${q('file_key')} FROM ${q(ferryTables.appliedFiles)} WHERE ${q('table_id')} = ${dialect.param(0)} AND ${match.sql}`,
      [tableId, ...match.params],
    );
    for (const [key] of result.rows) found.add(asText(key));
  }
  return found;
}

/**
 * Each entry's newest ledger row and its file and row counts after an hour and a day back. Every placeholder is
 * used once, in order, so the statement binds the same on PostgreSQL (`$n`) and MySQL (`?`).
 */
async function ledgerStatus(
  session: SqlSession,
  dialect: SpeedLayerDialect,
  ids: readonly string[],
  now: Date,
): Promise<Map<string, TableCommitStatus>> {
  const q = (name: string) => dialect.quote(name);
  const instant = dialect.binder(metaTypes.instant);
  const hour = instant(BigInt(now.getTime() - 3_600_000) * 1000n);
  const day = instant(BigInt(now.getTime() - 86_400_000) * 1000n);
  const after = (index: number, then: string) =>
    `SUM(CASE WHEN ${q('applied_at')} > ${dialect.param(index)} THEN ${then} ELSE 0 END)`;
  const match = dialect.anyText(q('table_id'), ids, 4);
  // Files committed whole (`ferry run`) and files the merge worker applied from the stream, alike.
  const columns = ['table_id', 'file_key', 'rows', 'applied_at'].map(q).join(', ');
  const both = `(SELECT ${columns} FROM ${q(ferryTables.appliedFiles)} UNION ALL SELECT ${columns} FROM ${q(ferryTables.streamFiles)})`;
  const result = await session.query(
    `SELECT f.${q('table_id')}, f.${q('file_key')}, ${dialect.readText(metaTypes.instant, `f.${q('applied_at')}`)}, s.fh, s.fd, s.rh, s.rd FROM (SELECT ${q('table_id')}, MAX(${q('applied_at')}) AS last_at, ${after(0, '1')} AS fh, ${after(1, '1')} AS fd, ${after(2, q('rows'))} AS rh, ${after(3, q('rows'))} AS rd FROM ${both} l WHERE ${match.sql} GROUP BY ${q('table_id')}) s JOIN ${both} f ON f.${q('table_id')} = s.${q('table_id')} AND f.${q('applied_at')} = s.last_at`,
    [hour, day, hour, day, ...match.params],
  );
  const found = new Map<string, TableCommitStatus>();
  for (const [tableId, fileKey, appliedAt, fh, fd, rh, rd] of result.rows) {
    const id = asText(tableId);
    const file = asText(fileKey);
    // One transaction stamps all its files with one time: the greatest key stands for them.
    const seen = found.get(id);
    if (seen?.lastFile !== undefined && seen.lastFile > file) continue;
    found.set(id, {
      tableId: id,
      lastFile: file,
      lastCommittedAt: new Date(finishText(metaTypes.instant, asText(appliedAt))),
      filesLastHour: Number(asText(fh)),
      filesLastDay: Number(asText(fd)),
      rowsLastHour: BigInt(asText(rh)),
      rowsLastDay: BigInt(asText(rd)),
    });
  }
  return found;
}

/** Whether `tableId` has any tombstone: when it has none, no change can be older than one. */
async function hasTombstones(session: SqlSession, dialect: SpeedLayerDialect, tableId: string): Promise<boolean> {
  const q = (name: string) => dialect.quote(name);
  const result = await session.query(
    `SELECT 1 FROM ${q(ferryTables.tombstones)} WHERE ${q('table_id')} = ${dialect.param(0)} LIMIT 1`,
    [tableId],
  );
  return result.rows.length > 0;
}

/** Writes the ledger rows in the data's transaction (invariant 4). */
async function recordFiles(
  tx: SqlSession,
  dialect: SpeedLayerDialect,
  tableId: string,
  rows: readonly unknown[][],
): Promise<void> {
  const q = (name: string) => dialect.quote(name);
  const columns = ['table_id', 'file_key', 'rows', 'applied_at'].map(q);
  for (const batch of statementBatches(rows, dialect)) {
    const source = dialect.rowSource([metaTypes.text, metaTypes.text, metaTypes.int64, metaTypes.instant], batch);
    try {
      await tx.query(plainInsertSql(q(ferryTables.appliedFiles), columns, source.sql), source.params);
    } catch (error) {
      if (!isDuplicateKey(error, dialect)) throw error;
      // Another worker committed the same file while this transaction ran: a retry will skip it.
      throw new SinkUnavailableError(dialect.name, `${tableId}: a file was committed concurrently by another writer`, {
        cause: error,
      });
    }
  }
}
