import type { ColumnType } from '@ferry/core';
import type { ColumnMapping } from '../ColumnMapping.js';
import { commonBinder } from '../commonBinder.js';
import type { FailureCodes } from '../FailureCodes.js';
import { networkFailures } from '../networkFailures.js';
import type { RowSource } from '../RowSource.js';
import type { SpeedLayerDialect } from '../SpeedLayerDialect.js';
import type { SqlResult } from '../SqlResult.js';
import type { UpsertShape } from '../UpsertShape.js';
import type { MysqlSettings } from './MysqlSettings.js';
import { mysqlKeyLengths } from './mysqlKeyLengths.js';

const failures: FailureCodes = {
  codes: new Set<string | number>([
    ...networkFailures.codes,
    1213, // ER_LOCK_DEADLOCK
    1205, // ER_LOCK_WAIT_TIMEOUT
    1040, // ER_CON_COUNT_ERROR
    1053, // ER_SERVER_SHUTDOWN
    1927, // ER_CONNECTION_KILLED (MariaDB)
    2002, // CR_CONNECTION_ERROR
    2003, // CR_CONN_HOST_ERROR
    2006, // CR_SERVER_GONE_ERROR
    2013, // CR_SERVER_LOST
    4031, // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8)
  ]),
  sqlStateClasses: new Set(),
  messages: networkFailures.messages,
};

const quote = (name: string) => `\`${name.replaceAll('`', '``')}\``;

/**
 * MySQL 8 and MariaDB 10.11. `INSERT … ON DUPLICATE KEY UPDATE` assigns left to right, each assignment
 * seeing the values written before it (FACTS.md §6), so every column is guarded by the same
 * `IF(position < VALUES(position), …)` and the position is assigned last. `VALUES(col)` rather than MySQL's
 * `AS new` row alias, which MariaDB rejects. Values are inlined by mysql2 (client-side binding): bigints
 * as bare literals, and bound decimals are CAST where compared, since MySQL compares a string with a number
 * as doubles.
 */
export function mysqlDialect(
  settings: MysqlSettings = { textCollation: 'utf8mb4_bin', maxStatementBytes: 4 * 1024 * 1024 },
): SpeedLayerDialect {
  return {
    name: 'mysql',
    maxParams: 65_535,
    // Measured with ferry's larger V8 young generation (--max-semi-space-size=64): 2,000 rows beat 500 by
    // fewer round trips while one statement's escaped text still dies young.
    maxRowsPerStatement: 2000,
    maxKeysPerMatch: 2000,
    maxStatementBytes: settings.maxStatementBytes,
    quote,
    param: () => '?',
    columnType,
    positionType: 'VARCHAR(66) CHARACTER SET ascii COLLATE ascii_bin',
    fileType: 'VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
    // Ledger and tombstone keys are VARBINARY: exact bytes, and short enough for InnoDB's 3072-byte keys.
    metaTableDdl: [
      'CREATE TABLE IF NOT EXISTS `_ferry_applied_files` (`table_id` VARBINARY(255) NOT NULL, `file_key` VARBINARY(1024) NOT NULL, `rows` BIGINT NOT NULL, `applied_at` DATETIME(6) NOT NULL, PRIMARY KEY (`table_id`, `file_key`)) ENGINE=InnoDB',
      'CREATE TABLE IF NOT EXISTS `_ferry_tombstones` (`table_id` VARBINARY(255) NOT NULL, `row_key` VARBINARY(2048) NOT NULL, `position` VARCHAR(66) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, PRIMARY KEY (`table_id`, `row_key`)) ENGINE=InnoDB',
      'CREATE TABLE IF NOT EXISTS `_ferry_columns` (`table_id` VARBINARY(255) NOT NULL, `column_name` VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, `column_type` TEXT CHARACTER SET utf8mb4 NOT NULL, PRIMARY KEY (`table_id`, `column_name`)) ENGINE=InnoDB',
      'CREATE TABLE IF NOT EXISTS `_ferry_stream_files` (`table_id` VARBINARY(255) NOT NULL, `file_key` VARBINARY(1024) NOT NULL, `rows` BIGINT NOT NULL, `applied_at` DATETIME(6) NOT NULL, PRIMARY KEY (`table_id`, `file_key`)) ENGINE=InnoDB',
    ],
    streamFileUpsert:
      'INSERT INTO `_ferry_stream_files` (`table_id`, `file_key`, `rows`, `applied_at`) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE `rows` = `rows` + VALUES(`rows`), `applied_at` = VALUES(`applied_at`)',
    tableOptions: ` ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${settings.textCollation}`,
    currentSchema: 'DATABASE()',
    binder,
    keyParam: (type, placeholder) =>
      type.kind === 'decimal' ? `CAST(${placeholder} AS DECIMAL(${type.precision},${type.scale}))` : placeholder,
    readText,
    rowSource,
    anyText: (column, values) => ({ sql: `${column} IN (${values.map(() => '?').join(', ')})`, params: values }),
    guardedUpsert,
    upsertCounts,
    retryable: failures,
    duplicateKeyCodes: new Set([1062, 'ER_DUP_ENTRY']),
  };
}

const INT_TYPES = { 8: 'TINYINT', 16: 'SMALLINT', 32: 'INT', 64: 'BIGINT' } as const;

function columnType(type: ColumnType, key: boolean): ColumnMapping | { reason: string } {
  switch (type.kind) {
    case 'boolean':
      return { sql: 'BOOLEAN', holds: type };
    case 'int':
      return { sql: `${INT_TYPES[type.bits]}${type.signed ? '' : ' UNSIGNED'}`, holds: type };
    case 'float':
      return { sql: type.bits === 32 ? 'FLOAT' : 'DOUBLE', holds: type };
    case 'decimal':
      // MySQL's limits (MariaDB allows scale 38): the same mapping must run on both.
      if (
        type.precision < 1 ||
        type.precision > 65 ||
        type.scale < 0 ||
        type.scale > 30 ||
        type.scale > type.precision
      ) {
        return {
          reason: `is decimal(${type.precision},${type.scale}); MySQL DECIMAL holds at most 65 digits, 30 after the point`,
        };
      }
      return { sql: `DECIMAL(${type.precision},${type.scale})`, holds: type };
    case 'string':
      // LONGTEXT cannot be a key; longer key values fail loudly (strict mode), never truncated.
      return { sql: key ? `VARCHAR(${mysqlKeyLengths.string})` : 'LONGTEXT', holds: type };
    case 'bytes':
      return { sql: key ? `VARBINARY(${mysqlKeyLengths.bytes})` : 'LONGBLOB', holds: type };
    case 'date':
      return { sql: 'DATE', holds: type };
    case 'time':
      return { sql: 'TIME(6)', holds: { kind: 'time', precision: 6 } };
    case 'timestamp':
      // DATETIME for instants too: TIMESTAMP ends in 2038; instants are stored as their UTC reading.
      return { sql: 'DATETIME(6)', holds: { kind: 'timestamp', precision: 6, utc: type.utc } };
  }
}

function binder(type: ColumnType): (value: unknown) => unknown {
  // mysql2 writes a bigint as a bare integer literal: exact, and compared as an integer.
  if (type.kind === 'int' && type.bits === 64) return (v) => (typeof v === 'bigint' ? v : BigInt(v as number));
  return commonBinder(type);
}

function readText(type: ColumnType, column: string): string {
  switch (type.kind) {
    case 'boolean':
      return `CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} <> 0 THEN 'true' ELSE 'false' END`;
    case 'float':
      // FLOAT prints only 6 significant digits; as a DOUBLE it prints the exact stored value.
      return type.bits === 32 ? `CAST(CAST(${column} AS DOUBLE) AS CHAR)` : `CAST(${column} AS CHAR)`;
    case 'string':
      return column;
    case 'bytes':
      return `CONCAT(CHAR(92 USING ascii), 'x', LOWER(HEX(${column})))`;
    case 'date':
      return `DATE_FORMAT(${column}, '%Y-%m-%d')`;
    case 'time':
      return `TIME_FORMAT(${column}, '%H:%i:%s.%f')`;
    case 'timestamp':
      return type.utc
        ? `CONCAT(DATE_FORMAT(${column}, '%Y-%m-%d %H:%i:%s.%f'), 'Z')`
        : `DATE_FORMAT(${column}, '%Y-%m-%d %H:%i:%s.%f')`;
    default:
      return `CAST(${column} AS CHAR)`;
  }
}

/** `VALUES (?, ?), (?, ?)`: every placeholder is `?`, so one group serves every row; values in row order. */
function rowSource(_types: readonly ColumnType[], rows: readonly (readonly unknown[])[]): RowSource {
  const width = rows[0]?.length ?? 0;
  const group = `(${new Array<string>(width).fill('?').join(', ')})`;
  // A plain loop: Array.prototype.flat was a visible share of binding a large batch.
  const params: unknown[] = new Array(rows.length * width);
  let i = 0;
  for (const row of rows) for (let c = 0; c < width; c++) params[i++] = row[c];
  return { sql: `VALUES ${new Array<string>(rows.length).fill(group).join(', ')}`, params };
}

function guardedUpsert(shape: UpsertShape): string {
  const keys = new Set(shape.keyColumns);
  const v = shape.version;
  const guard = `${v} < VALUES(${v})`;
  const assigned = shape.columns.filter((c) => !keys.has(c) && c !== v);
  // The version column last: every guard above must still see the old position.
  const set = [...assigned, v].map((c) => `${c} = IF(${guard}, VALUES(${c}), ${c})`);
  return `INSERT INTO ${shape.table} (${shape.columns.join(', ')}) ${shape.source} ON DUPLICATE KEY UPDATE ${set.join(', ')}`;
}

/**
 * From the server's own figures, on a connection that counts changed rows (no CLIENT_FOUND_ROWS, see
 * `mysqlClient`): per row, inserted adds 1 to the affected rows, updated 2, stale 0; `Duplicates: d` in the
 * info line counts the updated ones. A single-row statement has no info line, but its count is unambiguous.
 */
function upsertCounts(result: SqlResult, rowCount: number): { inserted: number; updated: number } {
  const match = /Duplicates:\s*(\d+)/.exec(result.info ?? '');
  if (match) {
    const updated = Number(match[1]);
    return { inserted: result.affectedRows - 2 * updated, updated };
  }
  if (rowCount === 1)
    return { inserted: result.affectedRows === 1 ? 1 : 0, updated: result.affectedRows === 2 ? 1 : 0 };
  throw new Error(
    `MySQL reported no duplicate count for a ${rowCount}-row upsert (info: ${JSON.stringify(result.info)})`,
  );
}
