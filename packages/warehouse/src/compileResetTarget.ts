import { FerryError, isSafeIdentifier } from '@ferry/core';
import type { WarehouseDialect } from './WarehouseDialect.js';
import { warehouseNames } from './warehouseNames.js';

/** The statements of `compileResetTarget`; every one is safe to run again (a rerun, or after a crash half way). */
export interface ResetTargetSql {
  /**
   * Lists which of `bookkeeping`'s tables exist in the namespace (one row per table, column `table_name`), so
   * the deletes run only against tables that are there (a target never loaded).
   */
  readonly existing: string;
  /** The unqualified bookkeeping tables `deletes` read from, in `deletes`' order. */
  readonly bookkeeping: readonly string[];
  /** Drops of the target, its live view, its tombstones and (per-table ledger dialects) its ledger. */
  readonly drops: readonly string[];
  /** Per bookkeeping table: the delete of the reset entries' (or target's) rows; run it only if `table` exists. */
  readonly deletes: readonly { readonly table: string; readonly sql: string }[];
}

/**
 * Compiles the reset of one warehouse target table, for `ferry reload`: everything ferry wrote for it, so a
 * backfill of `tableIds` (every mapping entry that feeds the target) rebuilds it from scratch. Drops the table,
 * `<table>_live`, `_ferry_tombstones_<table>` and (BigQuery) `_ferry_ledger_<table>`; deletes the entries' ledger
 * and the target's rows of the column registry.
 */
export function compileResetTarget(
  namespace: string,
  table: string,
  tableIds: readonly string[],
  dialect: WarehouseDialect,
): ResetTargetSql {
  for (const [what, name] of [
    ['namespace', namespace],
    ['table', table],
  ] as const) {
    if (!isSafeIdentifier(name)) {
      throw new FerryError(`warehouse ${what} ${JSON.stringify(name)} is not a safe identifier`, {
        hint: 'Fix the table mapping',
      });
    }
  }
  if (tableIds.length === 0) throw new RangeError('name at least one mapping entry (table id) to reset');
  // Ids land in literals: the SDKs' `query(sql)` binds nothing, so refuse anything a literal could not hold as is.
  for (const id of tableIds) {
    if (!/^[\w.:/@-]+$/.test(id)) {
      throw new FerryError(`mapping entry id ${JSON.stringify(id)} has characters a reset cannot quote`, {
        hint: 'Entry ids are letters, digits and . : / @ - _',
      });
    }
  }
  const literal = (text: string) => `'${text}'`;
  const ids = tableIds.map(literal).join(', ');
  const q = (name: string) => dialect.quoteIdent(name);
  const at = (name: string) => dialect.qualify(namespace, name);
  const perTable = dialect.capabilities.ledgerPerTable;

  const bookkeeping = [...(perTable ? [] : [warehouseNames.ledger]), warehouseNames.columns];
  const deletes = [
    ...(perTable
      ? []
      : [
          {
            table: warehouseNames.ledger,
            sql: `DELETE FROM ${at(warehouseNames.ledger)} WHERE ${q('table_id')} IN (${ids})`,
          },
        ]),
    {
      table: warehouseNames.columns,
      sql: `DELETE FROM ${at(warehouseNames.columns)} WHERE ${q('table_name')} = ${literal(table)}`,
    },
  ];
  const names = bookkeeping.map(literal).join(', ');
  const existing =
    dialect.name === 'bigquery'
      ? `SELECT table_name FROM ${dialect.qualify(namespace)}.INFORMATION_SCHEMA.TABLES WHERE table_name IN (${names})`
      : `SELECT table_name FROM information_schema.tables WHERE table_schema = ${literal(namespace)} AND table_name IN (${names})`;

  return Object.freeze({
    existing,
    bookkeeping: Object.freeze(bookkeeping),
    drops: Object.freeze([
      `DROP VIEW IF EXISTS ${at(table + warehouseNames.liveViewSuffix)}`,
      `DROP TABLE IF EXISTS ${at(warehouseNames.tombstonesPrefix + table)}`,
      ...(perTable ? [`DROP TABLE IF EXISTS ${at(warehouseNames.tableLedgerPrefix + table)}`] : []),
      `DROP TABLE IF EXISTS ${at(table)}`,
    ]),
    deletes: Object.freeze(deletes),
  });
}
