import {
  type ColumnSpec,
  type ColumnType,
  FerryError,
  type FileChanges,
  type SinkResult,
  type SinkTable,
} from '@ferry/core';
import { buildMergePlan } from './buildMergePlan.js';
import { compileAddColumns } from './compileAddColumns.js';
import { compileBookkeeping } from './compileBookkeeping.js';
import { compileCreateTables } from './compileCreateTables.js';
import { compileMerge } from './compileMerge.js';
import { evolveColumns } from './evolveColumns.js';
import { MergeOutcome } from './MergeOutcome.js';
import type { MergeSql } from './MergeSql.js';
import type { WarehouseDialect } from './WarehouseDialect.js';
import type { WarehouseSession } from './WarehouseSession.js';
import { withJsonColumns } from './withJsonColumns.js';

/**
 * One table batch, the same way on every warehouse (core `Sink.applyFiles`): skip files already in the ledger,
 * evolve the table from the files' columns, stage, deduplicate per key, classify, MERGE with the version guard,
 * write the ledger rows, commit. The MERGE (with its tombstones) and the ledger rows always share one
 * transaction (DESIGN.md invariant 4).
 *
 * The files may come from several mapping entries that feed this one target table (a consolidated table, its
 * sources told apart by a tenant key column): one MERGE covers them all, which is what keeps a table fed by many
 * sources within BigQuery's 1,500 modifications per table per day (FACTS §4). Each file is checked against the
 * ledger and recorded under its own entry (`FileChanges.tableId`, default `table.id`), and the result carries
 * each entry's share (`SinkResult.byTable`). One file key under two entries is refused (`FerryError`).
 *
 * Where DDL joins transactions (`capabilities.transactionalDdl`, DuckDB) everything runs inside it, so a
 * failure leaves no trace. Elsewhere (Snowflake, BigQuery) the idempotent DDL, the staging and the dedupe run
 * first, outside it: a failure can leave an empty new table or a new, NULL column behind, never rows or ledger
 * entries. Temp tables are dropped once the transaction has ended.
 *
 * Errors pass through as they are (after a rollback); the adapter decides whether they are retryable.
 */
export async function mergeFiles(
  session: WarehouseSession,
  dialect: WarehouseDialect,
  table: SinkTable,
  files: readonly FileChanges[],
): Promise<SinkResult> {
  if (table.namespace === undefined) {
    throw new FerryError(`${table.id}: a warehouse table needs a namespace (schema/dataset)`, {
      hint: 'Fix the table mapping',
    });
  }
  const book = compileBookkeeping(table.namespace, dialect, table.name);
  const { transaction } = dialect;
  const entryOf = (file: FileChanges) => file.tableId ?? table.id;
  const byKey = new Map<string, FileChanges>();
  const repeated: FileChanges[] = [];
  for (const file of files) {
    const earlier = byKey.get(file.fileKey);
    if (earlier === undefined) byKey.set(file.fileKey, file);
    else if (entryOf(earlier) === entryOf(file)) repeated.push(file);
    else {
      // Staged rows carry the file key only: the key must name one entry's file.
      throw new FerryError(
        `${file.fileKey} is given for two mapping entries, ${entryOf(earlier)} and ${entryOf(file)}, of ${table.namespace}.${table.name}`,
        { hint: 'A file belongs to one mapping entry; nothing was written' },
      );
    }
  }
  const unique = [...byKey.values()];
  const entries = [...new Set(unique.map(entryOf))];
  let open = false;
  let merge: MergeSql | undefined;
  const begin = async () => {
    await session.run(transaction.begin);
    open = true;
  };
  const commit = async () => {
    await session.run(transaction.commit);
    open = false;
  };
  try {
    if (dialect.capabilities.transactionalDdl) await begin();
    for (const statement of book.setup) await session.run(statement);
    // Each file against its own entry: the same key committed for another entry does not count.
    const committed = new Set(
      unique.length === 0
        ? []
        : (
            await session.read(book.committedFiles(unique.length, entries.length), [
              ...entries,
              ...unique.map((f) => f.fileKey),
            ])
          ).map(([id, key]) => pairOf(id as string, key as string)),
    );
    const pending = unique.filter((f) => !committed.has(pairOf(entryOf(f), f.fileKey)));
    const alreadyApplied = [...unique.filter((f) => !pending.includes(f)), ...repeated];
    const result = (perFile: ReadonlyMap<FileChanges, FileCounts>) =>
      withShares(table, files, entryOf, pending, alreadyApplied, perFile);
    if (pending.length === 0) {
      if (open) await commit();
      return result(new Map());
    }

    const registered = (await session.read(book.registeredColumns, [table.name])).map(
      ([name, type]): ColumnSpec => ({ name: name as string, type: JSON.parse(type as string) as ColumnType }),
    );
    // JSON columns (`table.jsonColumns`) typed as such and their text checked as it streams, on every adapter alike.
    const typed = pending.map((file) => withJsonColumns(table, file, dialect.capabilities.json));
    const evolution = evolveColumns(table, registered, typed, dialect.capabilities);
    const plan = buildMergePlan(table, evolution.columns);
    const ddl =
      registered.length === 0 ? compileCreateTables(plan, dialect) : compileAddColumns(plan, dialect, evolution.added);
    for (const statement of ddl) await session.run(statement);
    if (evolution.added.length > 0) {
      await session.run(
        book.registerColumns(evolution.added.length),
        evolution.added.flatMap((name, i) => {
          const column = plan.columns.find((c) => c.name === name)!;
          return [table.name, name, JSON.stringify(column.type), registered.length + i];
        }),
      );
    }

    merge = compileMerge(plan, dialect);
    await session.run(merge.createStaging);
    const rowsPerFile = await session.stage(plan, merge, typed);
    await session.run(merge.dedupe);
    if (!open) await begin();
    const perFile = new Map<FileChanges, FileCounts>(
      pending.map((file, i) => [file, { rows: rowsPerFile[i]!, inserted: 0, updated: 0, deleted: 0 }]),
    );
    const countsOf = new Map(pending.map((file) => [file.fileKey, perFile.get(file)!]));
    for (const [outcome, fileKey, changes] of await session.read(merge.classify)) {
      const counts = countsOf.get(fileKey as string);
      if (counts === undefined) throw new Error(`classify reported a file not in the batch: ${String(fileKey)}`);
      // Stale is what the others leave of a file's rows (`withShares`): superseded changes never reach classify.
      if (outcome !== MergeOutcome.stale) counts[outcome as Exclude<MergeOutcome, 'stale'>] += Number(changes);
    }
    for (const statement of merge.apply) await session.run(statement);
    await session.run(
      book.recordFiles(pending.length),
      pending.flatMap((file, i) => [entryOf(file), file.fileKey, BigInt(rowsPerFile[i]!)]),
    );
    await commit();
    await dropTemp(session, merge);
    return result(perFile);
  } catch (error) {
    if (open) {
      try {
        await session.run(transaction.rollback);
      } catch {
        // The transaction is already gone (a failed COMMIT ends it); the first error is the one to report.
      }
    }
    if (merge !== undefined) await dropTemp(session, merge);
    throw error;
  }
}

interface FileCounts {
  rows: number;
  inserted: number;
  updated: number;
  deleted: number;
}

/** One string per (entry, file) pair, for set lookups. */
function pairOf(tableId: string, fileKey: string): string {
  return JSON.stringify([tableId, fileKey]);
}

/**
 * The call's result, and each entry's share when the files were not all the call's own entry's. Changes
 * superseded inside the batch were not applied either: they count stale, as `SinkResult` says.
 */
function withShares(
  table: SinkTable,
  files: readonly FileChanges[],
  entryOf: (file: FileChanges) => string,
  committed: readonly FileChanges[],
  alreadyApplied: readonly FileChanges[],
  perFile: ReadonlyMap<FileChanges, FileCounts>,
): SinkResult {
  const tally = (keep: (file: FileChanges) => boolean): Omit<SinkResult, 'byTable'> => {
    const mine = committed.filter(keep);
    const sum = (field: keyof FileCounts) => mine.reduce((n, f) => n + (perFile.get(f)?.[field] ?? 0), 0);
    const [rows, inserted, updated, deleted] = [sum('rows'), sum('inserted'), sum('updated'), sum('deleted')];
    return {
      filesCommitted: mine.map((f) => f.fileKey),
      filesAlreadyApplied: alreadyApplied.filter(keep).map((f) => f.fileKey),
      rows,
      inserted,
      updated,
      deleted,
      stale: rows - inserted - updated - deleted,
    };
  };
  const total = tally(() => true);
  const ids = [...new Set(files.map(entryOf))];
  if (ids.every((id) => id === table.id)) return total;
  return { ...total, byTable: Object.fromEntries(ids.map((id) => [id, tally((f) => entryOf(f) === id)])) };
}

/** Drops the batch's temp tables; a failure is ignored, since they end with the session anyway. */
async function dropTemp(session: WarehouseSession, merge: MergeSql): Promise<void> {
  for (const statement of merge.dropTemp) {
    try {
      await session.run(statement);
    } catch {
      // Nothing depends on it: the next batch replaces them (CREATE OR REPLACE).
    }
  }
}
