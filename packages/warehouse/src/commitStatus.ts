import { FerryError, formatTimestamp, type SinkTable, type TableCommitStatus } from '@ferry/core';
import { compileBookkeeping } from './compileBookkeeping.js';
import type { WarehouseDialect } from './WarehouseDialect.js';
import type { WarehouseSession } from './WarehouseSession.js';

const HOUR_MS = 3_600_000;

/**
 * What the ledger says of each mapping entry (`Sink.commitStatus`): one statement per target table (BigQuery keeps
 * a ledger per target; elsewhere it is one per namespace, read once per target all the same), the warehouse's own
 * `committed_at` read back as epoch microseconds. Creates the bookkeeping tables when missing, as `mergedSince`
 * does, so a namespace that never loaded answers zero counts.
 */
export async function commitStatus(
  session: Pick<WarehouseSession, 'run' | 'read'>,
  dialect: WarehouseDialect,
  entries: readonly { readonly table: SinkTable; readonly entryIds: readonly string[] }[],
  now: Date,
): Promise<TableCommitStatus[]> {
  const found = new Map<string, TableCommitStatus>();
  const hour = instant(now.getTime() - HOUR_MS);
  const day = instant(now.getTime() - 24 * HOUR_MS);
  for (const { table, entryIds } of entries) {
    if (entryIds.length === 0) continue;
    if (table.namespace === undefined) {
      throw new FerryError(`${table.id}: a warehouse table needs a namespace (schema/dataset)`, {
        hint: 'Fix the table mapping',
      });
    }
    const book = compileBookkeeping(table.namespace, dialect, table.name);
    for (const statement of book.setup) await session.run(statement);
    const rows = await session.read(book.commitStatus(entryIds.length), [hour, day, ...entryIds]);
    for (const [tableId, fileKey, micros, filesHour, filesDay, rowsHour, rowsDay] of rows) {
      found.set(String(tableId), {
        tableId: String(tableId),
        lastFile: String(fileKey),
        lastCommittedAt: new Date(Number(integer(micros) / 1000n)),
        filesLastHour: Number(integer(filesHour)),
        filesLastDay: Number(integer(filesDay)),
        rowsLastHour: integer(rowsHour),
        rowsLastDay: integer(rowsDay),
      });
    }
  }
  return entries.flatMap(({ entryIds }) =>
    entryIds.map(
      (tableId) =>
        found.get(tableId) ?? {
          tableId,
          filesLastHour: 0,
          filesLastDay: 0,
          rowsLastHour: 0n,
          rowsLastDay: 0n,
        },
    ),
  );
}

function instant(ms: number): string {
  return `${formatTimestamp(BigInt(ms) * 1000n, 6)}+00:00`;
}

/** The SDKs return integers as bigint, number, decimal text, or (BigQuery) an object holding the text. */
function integer(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(Math.trunc(value));
  if (typeof value === 'string') return BigInt(value.replace(/\.0*$/, ''));
  if (value !== null && typeof value === 'object' && 'value' in value)
    return integer((value as { value: unknown }).value);
  if (value === null || value === undefined) return 0n;
  return BigInt(String(value));
}
