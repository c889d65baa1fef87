import type { ColumnType } from '@ferry/core';
import type { ColumnMapping } from '../ColumnMapping.js';
import { commonBinder } from '../commonBinder.js';
import type { FailureCodes } from '../FailureCodes.js';
import { networkFailures } from '../networkFailures.js';
import type { RowSource } from '../RowSource.js';
import type { SpeedLayerDialect } from '../SpeedLayerDialect.js';
import type { SqlResult } from '../SqlResult.js';
import { timestampText } from '../timestampText.js';
import type { UpsertShape } from '../UpsertShape.js';
import { pgArrayLiteral } from './pgArrayLiteral.js';

const failures: FailureCodes = {
  codes: new Set<string | number>([
    ...networkFailures.codes,
    '40P01', // deadlock_detected
    '40001', // serialization_failure
    '57P01', // admin_shutdown
    '57P02', // crash_shutdown
    '57P03', // cannot_connect_now
    '53300', // too_many_connections
  ]),
  sqlStateClasses: new Set(['08']), // connection exceptions
  messages: networkFailures.messages,
};

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * PostgreSQL (a real server through `pg`, or PGlite embedded): `INSERT … ON CONFLICT … DO UPDATE … WHERE
 * t.v < EXCLUDED.v` reads the old row, so the guard is one `WHERE` (FACTS.md §6); inserted and updated rows
 * are told apart by `xmax = 0` on the returned rows. Positions are `text COLLATE "C"`, compared as bytes.
 */
export function postgresDialect(name: 'postgres' | 'pglite'): SpeedLayerDialect {
  return {
    name,
    maxParams: 65_535,
    // A statement's array literals stay young-generation garbage; larger ones saved no time, only GC work.
    maxRowsPerStatement: 1000,
    maxKeysPerMatch: name === 'pglite' ? 100 : 1000,
    maxStatementBytes: 64 * 1024 * 1024,
    quote,
    param: (i) => `$${i + 1}`,
    columnType,
    positionType: 'text COLLATE "C"',
    fileType: 'text',
    metaTableDdl: [
      'CREATE TABLE IF NOT EXISTS "_ferry_applied_files" ("table_id" text COLLATE "C" NOT NULL, "file_key" text COLLATE "C" NOT NULL, "rows" bigint NOT NULL, "applied_at" timestamptz(6) NOT NULL, PRIMARY KEY ("table_id", "file_key"))',
      'CREATE TABLE IF NOT EXISTS "_ferry_tombstones" ("table_id" text COLLATE "C" NOT NULL, "row_key" text COLLATE "C" NOT NULL, "position" text COLLATE "C" NOT NULL, PRIMARY KEY ("table_id", "row_key"))',
      'CREATE TABLE IF NOT EXISTS "_ferry_columns" ("table_id" text COLLATE "C" NOT NULL, "column_name" text COLLATE "C" NOT NULL, "column_type" text NOT NULL, PRIMARY KEY ("table_id", "column_name"))',
      'CREATE TABLE IF NOT EXISTS "_ferry_stream_files" ("table_id" text COLLATE "C" NOT NULL, "file_key" text COLLATE "C" NOT NULL, "rows" bigint NOT NULL, "applied_at" timestamptz(6) NOT NULL, PRIMARY KEY ("table_id", "file_key"))',
    ],
    streamFileUpsert:
      'INSERT INTO "_ferry_stream_files" ("table_id", "file_key", "rows", "applied_at") VALUES ($1, $2, $3, $4) ON CONFLICT ("table_id", "file_key") DO UPDATE SET "rows" = "_ferry_stream_files"."rows" + EXCLUDED."rows", "applied_at" = EXCLUDED."applied_at"',
    tableOptions: '',
    currentSchema: 'current_schema()',
    binder,
    keyParam: (_type, placeholder) => placeholder,
    readText,
    rowSource,
    anyText: (column, values, first) => ({ sql: `${column} = ANY($${first + 1}::text[])`, params: [values] }),
    guardedUpsert,
    upsertCounts,
    retryable: failures,
    duplicateKeyCodes: new Set(['23505']),
  };
}

function columnType(type: ColumnType, _key: boolean): ColumnMapping | { reason: string } {
  switch (type.kind) {
    case 'boolean':
      return { sql: 'boolean', holds: type };
    case 'int':
      // PostgreSQL has no unsigned or 1-byte integers: take the next signed width that holds every value.
      if (type.bits === 64) {
        return type.signed
          ? { sql: 'bigint', holds: type }
          : { sql: 'numeric(20,0)', holds: { kind: 'decimal', precision: 20, scale: 0 } };
      }
      if (type.bits === 32 && !type.signed) return { sql: 'bigint', holds: { kind: 'int', bits: 64, signed: true } };
      if (type.bits === 32 || (type.bits === 16 && !type.signed)) {
        return { sql: 'integer', holds: { kind: 'int', bits: 32, signed: true } };
      }
      return { sql: 'smallint', holds: { kind: 'int', bits: 16, signed: true } };
    case 'float':
      return { sql: type.bits === 32 ? 'real' : 'double precision', holds: type };
    case 'decimal':
      if (type.precision < 1 || type.precision > 1000 || type.scale < 0 || type.scale > type.precision) {
        return { reason: `is decimal(${type.precision},${type.scale}), which PostgreSQL numeric cannot declare` };
      }
      return { sql: `numeric(${type.precision},${type.scale})`, holds: type };
    case 'string':
      return { sql: 'text', holds: type };
    case 'bytes':
      return { sql: 'bytea', holds: type };
    case 'date':
      return { sql: 'date', holds: type };
    case 'time':
      return { sql: 'time(6)', holds: { kind: 'time', precision: 6 } };
    case 'timestamp':
      return {
        sql: type.utc ? 'timestamptz(6)' : 'timestamp(6)',
        holds: { kind: 'timestamp', precision: 6, utc: type.utc },
      };
  }
}

function binder(type: ColumnType): (value: unknown) => unknown {
  if (type.kind === 'int' && type.bits === 64) return (v) => String(v);
  // An instant is bound with its zone so the session's TimeZone cannot shift it.
  if (type.kind === 'timestamp' && type.utc) return (v) => `${timestampText(v as bigint)}+00`;
  return commonBinder(type);
}

function readText(type: ColumnType, column: string): string {
  switch (type.kind) {
    case 'bytes':
      return `chr(92) || 'x' || encode(${column}, 'hex')`;
    case 'date':
      return `to_char(${column}, 'YYYY-MM-DD')`;
    case 'time':
      return `to_char(date '2000-01-01' + ${column}, 'HH24:MI:SS.US')`;
    case 'timestamp':
      return type.utc
        ? `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || 'Z'`
        : `to_char(${column}, 'YYYY-MM-DD HH24:MI:SS.US')`;
    case 'string':
      return column;
    default:
      // booleans print true/false, numerics keep their scale, floats print the shortest exact text.
      return `${column}::text`;
  }
}

/** One array per column, unnested: the statement's size and parse time no longer grow with its rows. */
function rowSource(types: readonly ColumnType[], rows: readonly (readonly unknown[])[]): RowSource {
  const params = types.map((_, c) => {
    const column = new Array<unknown>(rows.length);
    for (let r = 0; r < rows.length; r++) column[r] = rows[r]![c];
    return pgArrayLiteral(column);
  });
  const arrays = types.map((t, c) => {
    const mapping = columnType(t, false);
    return `$${c + 1}::${'sql' in mapping ? mapping.sql : 'text'}[]`;
  });
  return { sql: `SELECT * FROM unnest(${arrays.join(', ')})`, params };
}

function guardedUpsert(shape: UpsertShape): string {
  const keys = new Set(shape.keyColumns);
  const set = shape.columns.filter((c) => !keys.has(c)).map((c) => `${c} = EXCLUDED.${c}`);
  return (
    `WITH _ferry_upsert AS (INSERT INTO ${shape.table} AS _ferry_t (${shape.columns.join(', ')}) ${shape.source} ` +
    `ON CONFLICT (${shape.keyColumns.join(', ')}) DO UPDATE SET ${set.join(', ')} ` +
    `WHERE _ferry_t.${shape.version} < EXCLUDED.${shape.version} RETURNING (xmax = 0) AS inserted) ` +
    'SELECT count(*) FILTER (WHERE inserted), count(*) FROM _ferry_upsert'
  );
}

function upsertCounts(result: SqlResult, _rowCount: number): { inserted: number; updated: number } {
  const [inserted, written] = result.rows[0] ?? [0, 0];
  return { inserted: Number(inserted), updated: Number(written) - Number(inserted) };
}
