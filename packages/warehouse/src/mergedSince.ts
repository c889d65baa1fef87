import { FerryError, formatTimestamp, type SinkTable } from '@ferry/core';
import { compileBookkeeping } from './compileBookkeeping.js';
import type { WarehouseDialect } from './WarehouseDialect.js';
import type { WarehouseSession } from './WarehouseSession.js';

/**
 * Whether any file of `entryIds` was committed into `table` after `since`, read from the ledger (the warehouse's
 * own clock stamps `committed_at`): what the loader's minimum merge interval asks before it merges a target
 * again. Creates the bookkeeping tables when missing, so a first call on an empty namespace answers `false`.
 */
export async function mergedSince(
  session: Pick<WarehouseSession, 'run' | 'read'>,
  dialect: WarehouseDialect,
  table: SinkTable,
  entryIds: readonly string[],
  since: Date,
): Promise<boolean> {
  if (table.namespace === undefined) {
    throw new FerryError(`${table.id}: a warehouse table needs a namespace (schema/dataset)`, {
      hint: 'Fix the table mapping',
    });
  }
  if (entryIds.length === 0) return false;
  const book = compileBookkeeping(table.namespace, dialect, table.name);
  for (const statement of book.setup) await session.run(statement);
  const instant = `${formatTimestamp(BigInt(since.getTime()) * 1000n, 6)}+00:00`;
  const rows = await session.read(book.committedSince(entryIds.length), [instant, ...entryIds]);
  return Number(rows[0]?.[0] ?? 0) > 0;
}
