import { FerryError } from '@ferry/core';
import { ferryTables } from './ferryTables.js';
import { requireIdentifier } from './requireIdentifier.js';
import type { SpeedLayerDialect } from './SpeedLayerDialect.js';

/** The statements of `resetTargetSql`; each is safe to run again (a rerun, or after a crash half way). */
export interface SpeedLayerResetSql {
  /** Lists which of `bookkeeping`'s tables exist in the connection's schema (first column: the name). */
  readonly existing: string;
  /** The unqualified ferry tables `deletes` read from. */
  readonly bookkeeping: readonly string[];
  /** `DROP TABLE IF EXISTS` of the target. */
  readonly drop: string;
  /** Per ferry table: the delete of the reset entries' rows; run it only if `table` exists. */
  readonly deletes: readonly { readonly table: string; readonly sql: string }[];
}

/**
 * Compiles the reset of one speed-layer target table for `ferry reload`: the table dropped, and the rows of every
 * mapping entry that feeds it (`tableIds`) deleted from the ledger, the stream progress, tombstones and column
 * registry — so a backfill of those entries rebuilds the table as new. PostgreSQL, PGlite, MySQL.
 */
export function resetTargetSql(
  dialect: SpeedLayerDialect,
  table: string,
  tableIds: readonly string[],
): SpeedLayerResetSql {
  requireIdentifier(table, 'table', 'speed-layer reset');
  if (tableIds.length === 0) throw new RangeError('name at least one mapping entry (table id) to reset');
  // `query(sql)` binds nothing: ids go into literals, so refuse any a plain literal could not hold.
  for (const id of tableIds) {
    if (!/^[\w.:/@-]+$/.test(id)) {
      throw new FerryError(`mapping entry id ${JSON.stringify(id)} has characters a reset cannot quote`, {
        hint: 'Entry ids are letters, digits and . : / @ - _',
      });
    }
  }
  const literal = (text: string) => `'${text}'`;
  const ids = tableIds.map(literal).join(', ');
  const bookkeeping = [ferryTables.appliedFiles, ferryTables.streamFiles, ferryTables.tombstones, ferryTables.columns];
  const schema = dialect.currentSchema;
  return Object.freeze({
    existing: `SELECT table_name FROM information_schema.tables WHERE table_schema = ${schema} AND table_name IN (${bookkeeping.map(literal).join(', ')})`,
    bookkeeping: Object.freeze(bookkeeping),
    drop: `DROP TABLE IF EXISTS ${dialect.quote(table)}`,
    deletes: Object.freeze(
      bookkeeping.map((name) => ({
        table: name,
        sql: `DELETE FROM ${dialect.quote(name)} WHERE ${dialect.quote('table_id')} IN (${ids})`,
      })),
    ),
  });
}
