import { type ColumnType, FerryError, isSafeIdentifier, STATUS_VIEW } from '@ferry/core';
import type { BookkeepingSql } from './BookkeepingSql.js';
import type { WarehouseDialect } from './WarehouseDialect.js';
import { warehouseNames } from './warehouseNames.js';

const TEXT: ColumnType = { kind: 'string' };
const INT32: ColumnType = { kind: 'int', bits: 32, signed: true };
const INT64: ColumnType = { kind: 'int', bits: 64, signed: true };
const INSTANT: ColumnType = { kind: 'timestamp', precision: 6, utc: true };

/**
 * Compiles the ledger and column-registry statements of one namespace:
 *
 *   <namespace>._ferry_ledger  (table_id, file_key, rows, committed_at)
 *   <namespace>._ferry_columns (table_name, column_name, column_type JSON, ordinal)
 *
 * Where the dialect keeps a ledger per target table (`capabilities.ledgerPerTable`, BigQuery: 1,500 table
 * modifications per table per day), the ledger is `<namespace>._ferry_ledger_<table>` instead, with the same
 * columns; `table` names that target table, and is required there.
 *
 * The ledger is keyed by the mapping entry (`table_id`, from `FileChanges.tableId` or `SinkTable.id`) and the
 * file, the registry by the target table's name: several sources (with a tenant column) may feed one
 * consolidated table in one call, and its columns are the table's, not theirs.
 *
 * Multi-row inserts are `INSERT … SELECT … UNION ALL SELECT …`, a form every target accepts with function
 * calls (such as a JSON parse) around the bound parameters.
 */
export function compileBookkeeping(namespace: string, dialect: WarehouseDialect, table?: string): BookkeepingSql {
  for (const [what, name] of [
    ['namespace', namespace],
    ['table', table],
  ] as const) {
    if (name !== undefined && !isSafeIdentifier(name)) {
      throw new FerryError(`warehouse ${what} ${JSON.stringify(name)} is not a safe identifier`, {
        hint: 'Fix the table mapping',
      });
    }
  }
  if (dialect.capabilities.ledgerPerTable && table === undefined) {
    throw new RangeError(`${dialect.name} keeps a ledger per target table: name the table to compile its bookkeeping`);
  }
  const q = (name: string) => dialect.quoteIdent(name);
  const ledger = dialect.qualify(
    namespace,
    dialect.capabilities.ledgerPerTable ? warehouseNames.tableLedgerPrefix + table : warehouseNames.ledger,
  );
  const registry = dialect.qualify(namespace, warehouseNames.columns);
  const p = (index: number) => dialect.placeholder(index);
  const cast = (index: number, type: ColumnType) => `CAST(${p(index)} AS ${dialect.typeName(type)})`;
  const rowsOf = (count: number, width: number, row: (first: number) => string) =>
    Array.from({ length: count }, (_, i) => `SELECT ${row(i * width + 1)}`).join('\nUNION ALL ');
  const atLeastOne = (count: number) => {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`expected a positive count, got ${count}`);
  };

  // The status view over the one ledger of the namespace (BigQuery keeps a ledger per table: no view there).
  const since = (hours: number) => `CURRENT_TIMESTAMP - INTERVAL '${hours} HOUR'`;
  const per = `OVER (PARTITION BY ${q('table_id')})`;
  const sumSince = (hours: number, then: string) =>
    `SUM(CASE WHEN ${q('committed_at')} > ${since(hours)} THEN ${then} ELSE 0 END) ${per}`;
  const statusView = dialect.capabilities.ledgerPerTable
    ? []
    : [
        `CREATE VIEW IF NOT EXISTS ${dialect.qualify(namespace, STATUS_VIEW)} AS SELECT ${q('table_id')}, ${q('file_key')} AS ${q('last_file')}, ${q('committed_at')} AS ${q('last_committed_at')}, ${sumSince(1, '1')} AS ${q('files_last_hour')}, ${sumSince(24, '1')} AS ${q('files_last_day')}, ${sumSince(1, q('rows'))} AS ${q('rows_last_hour')}, ${sumSince(24, q('rows'))} AS ${q('rows_last_day')} FROM ${ledger} QUALIFY ROW_NUMBER() OVER (PARTITION BY ${q('table_id')} ORDER BY ${q('committed_at')} DESC, ${q('file_key')} DESC) = 1`,
      ];

  return Object.freeze({
    setup: Object.freeze([
      `CREATE SCHEMA IF NOT EXISTS ${dialect.qualify(namespace)}`,
      `CREATE TABLE IF NOT EXISTS ${ledger} (${[
        `${q('table_id')} ${dialect.typeName(TEXT)} NOT NULL`,
        `${q('file_key')} ${dialect.typeName(TEXT)} NOT NULL`,
        `${q('rows')} ${dialect.typeName(INT64)} NOT NULL`,
        `${q('committed_at')} ${dialect.typeName(INSTANT)} NOT NULL`,
      ].join(', ')})`,
      `CREATE TABLE IF NOT EXISTS ${registry} (${[
        `${q('table_name')} ${dialect.typeName(TEXT)} NOT NULL`,
        `${q('column_name')} ${dialect.typeName(TEXT)} NOT NULL`,
        `${q('column_type')} ${dialect.jsonTypeName} NOT NULL`,
        `${q('ordinal')} ${dialect.typeName(INT32)} NOT NULL`,
      ].join(', ')})`,
      ...statusView,
    ]),
    committedFiles(fileCount: number, tableCount = 1): string {
      atLeastOne(fileCount);
      atLeastOne(tableCount);
      const list = (count: number, first: number) => Array.from({ length: count }, (_, i) => p(first + i)).join(', ');
      return `SELECT ${q('table_id')}, ${q('file_key')} FROM ${ledger} WHERE ${q('table_id')} IN (${list(tableCount, 1)}) AND ${q('file_key')} IN (${list(fileCount, tableCount + 1)})`;
    },
    committedSince(tableCount: number): string {
      atLeastOne(tableCount);
      const ids = Array.from({ length: tableCount }, (_, i) => p(i + 2)).join(', ');
      return `SELECT COUNT(*) FROM ${ledger} WHERE ${q('committed_at')} > ${cast(1, INSTANT)} AND ${q('table_id')} IN (${ids})`;
    },
    commitStatus(tableCount: number): string {
      atLeastOne(tableCount);
      const ids = Array.from({ length: tableCount }, (_, i) => p(i + 3)).join(', ');
      const per = `OVER (PARTITION BY ${q('table_id')})`;
      const after = (param: number, then: string) =>
        `SUM(CASE WHEN ${q('committed_at')} > ${cast(param, INSTANT)} THEN ${then} ELSE 0 END) ${per}`;
      // One pass over the entries' ledger rows; QUALIFY keeps each entry's newest row with its window sums.
      return `SELECT ${q('table_id')}, ${q('file_key')}, ${dialect.epochMicros(q('committed_at'))}, ${after(1, '1')}, ${after(2, '1')}, ${after(1, q('rows'))}, ${after(2, q('rows'))} FROM ${ledger} WHERE ${q('table_id')} IN (${ids}) QUALIFY ROW_NUMBER() OVER (PARTITION BY ${q('table_id')} ORDER BY ${q('committed_at')} DESC, ${q('file_key')} DESC) = 1`;
    },
    recordFiles(fileCount: number): string {
      atLeastOne(fileCount);
      const columns = ['table_id', 'file_key', 'rows', 'committed_at'].map(q).join(', ');
      return `INSERT INTO ${ledger} (${columns})\n${rowsOf(
        fileCount,
        3,
        (i) => `${cast(i, TEXT)}, ${cast(i + 1, TEXT)}, ${cast(i + 2, INT64)}, CURRENT_TIMESTAMP`,
      )}`;
    },
    registeredColumns: `SELECT ${q('column_name')}, ${dialect.jsonToText(q('column_type'))} AS ${q('column_type')} FROM ${registry} WHERE ${q('table_name')} = ${p(1)} ORDER BY ${q('ordinal')}`,
    registerColumns(columnCount: number): string {
      atLeastOne(columnCount);
      const columns = ['table_name', 'column_name', 'column_type', 'ordinal'].map(q).join(', ');
      return `INSERT INTO ${registry} (${columns})\n${rowsOf(
        columnCount,
        4,
        (i) =>
          `${cast(i, TEXT)}, ${cast(i + 1, TEXT)}, ${dialect.jsonFromText(cast(i + 2, TEXT))}, ${cast(i + 3, INT32)}`,
      )}`;
    },
  });
}
