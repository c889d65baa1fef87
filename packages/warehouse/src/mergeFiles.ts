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

/**
 * One table batch, the same way on every warehouse (core `Sink.applyFiles`): skip files already in the ledger,
 * evolve the table from the files' columns, stage, deduplicate per key, classify, MERGE with the version guard,
 * write the ledger rows, commit. The MERGE (with its tombstones) and the ledger rows always share one
 * transaction (DESIGN.md invariant 4).
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
  const book = compileBookkeeping(table.namespace, dialect);
  const { transaction } = dialect;
  const unique: FileChanges[] = [];
  const repeated: string[] = [];
  for (const file of files) {
    if (unique.some((f) => f.fileKey === file.fileKey)) repeated.push(file.fileKey);
    else unique.push(file);
  }
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
    const committed = new Set(
      unique.length === 0
        ? []
        : (await session.read(book.committedFiles(unique.length), [table.id, ...unique.map((f) => f.fileKey)])).map(
            (row) => row[0] as string,
          ),
    );
    const pending = unique.filter((f) => !committed.has(f.fileKey));
    const alreadyApplied = [...unique.filter((f) => committed.has(f.fileKey)).map((f) => f.fileKey), ...repeated];
    const result = { filesCommitted: [] as string[], filesAlreadyApplied: alreadyApplied };
    if (pending.length === 0) {
      if (open) await commit();
      return { ...result, rows: 0, inserted: 0, updated: 0, deleted: 0, stale: 0 };
    }

    const registered = (await session.read(book.registeredColumns, [table.name])).map(
      ([name, type]): ColumnSpec => ({ name: name as string, type: JSON.parse(type as string) as ColumnType }),
    );
    const evolution = evolveColumns(table, registered, pending, dialect.capabilities);
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
    const rowsPerFile = await session.stage(plan, merge, pending);
    await session.run(merge.dedupe);
    if (!open) await begin();
    const counts = {
      [MergeOutcome.inserted]: 0,
      [MergeOutcome.updated]: 0,
      [MergeOutcome.deleted]: 0,
      [MergeOutcome.stale]: 0,
    };
    for (const [outcome, changes] of await session.read(merge.classify)) {
      counts[outcome as MergeOutcome] = Number(changes);
    }
    for (const statement of merge.apply) await session.run(statement);
    await session.run(
      book.recordFiles(pending.length),
      pending.flatMap((file, i) => [table.id, file.fileKey, BigInt(rowsPerFile[i]!)]),
    );
    await commit();
    await dropTemp(session, merge);
    const rows = rowsPerFile.reduce((a, b) => a + b, 0);
    return {
      ...result,
      filesCommitted: pending.map((f) => f.fileKey),
      rows,
      ...counts,
      // Changes superseded inside the batch were not applied either: count them stale, as SinkResult says.
      stale: rows - counts.inserted - counts.updated - counts.deleted,
    };
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
