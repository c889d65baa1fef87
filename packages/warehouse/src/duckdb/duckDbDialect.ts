import { ChangeOp, type ColumnType } from '@ferry/core';
import type { WarehouseDialect } from '../WarehouseDialect.js';

const INT_TYPES = {
  signed: { 8: 'TINYINT', 16: 'SMALLINT', 32: 'INTEGER', 64: 'BIGINT' },
  unsigned: { 8: 'UTINYINT', 16: 'USMALLINT', 32: 'UINTEGER', 64: 'UBIGINT' },
} as const;

function typeName(type: ColumnType): string {
  switch (type.kind) {
    case 'boolean':
      return 'BOOLEAN';
    case 'int':
      return INT_TYPES[type.signed ? 'signed' : 'unsigned'][type.bits];
    case 'float':
      return type.bits === 32 ? 'REAL' : 'DOUBLE';
    case 'decimal':
      if (type.precision > 38)
        throw new RangeError(`DuckDB DECIMAL holds at most 38 digits: not decimal(${type.precision},${type.scale})`);
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'string':
      return type.json ? 'JSON' : 'VARCHAR';
    case 'bytes':
      return 'BLOB';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME';
    case 'timestamp':
      // TIMESTAMPTZ is an instant; the connection's TimeZone is UTC so nothing shifts on the way in or out.
      return type.utc ? 'TIMESTAMPTZ' : 'TIMESTAMP';
  }
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** DuckDB: the local warehouse. Its MERGE takes `QUALIFY`, conditional `DELETE` and `INSERT`. */
export const duckDbDialect: WarehouseDialect = Object.freeze({
  name: 'duckdb',
  capabilities: Object.freeze({
    supportsMergeDelete: true,
    transactionalDdl: true,
    ledgerPerTable: false,
    // Staging goes through the Appender, not COPY.
    maxFilesPerCopy: undefined,
    decimals: Object.freeze({ maxPrecision: 38, maxScale: 38, maxIntegerDigits: 38 }),
    // DuckDB's JSON is VARCHAR checked to be JSON: the text stays as written, numbers included.
    json: Object.freeze({ keepsText: true, exactDecimals: undefined }),
  }),
  quoteIdent,
  qualify: (namespace: string, name?: string) =>
    name === undefined ? quoteIdent(namespace) : `${quoteIdent(namespace)}.${quoteIdent(name)}`,
  typeName,
  // An ENUM is appended as one byte per row; text would cross into DuckDB as a string per row.
  opTypeName: `ENUM(${Object.values(ChangeOp)
    .map((op) => `'${op}'`)
    .join(', ')})`,
  jsonTypeName: 'JSON',
  jsonFromText: (expression: string) => `CAST(${expression} AS JSON)`,
  jsonToText: (expression: string) => `CAST(${expression} AS VARCHAR)`,
  epochMicros: (expression: string) => `epoch_us(${expression})`,
  // Temporary tables live in the `temp` catalog, which DuckDB searches first.
  tempTableRef: quoteIdent,
  createTempTable: (name: string, definition: string) =>
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(name)} ${definition}`,
  placeholder: (index: number) => `$${index}`,
  transaction: Object.freeze({ begin: 'BEGIN TRANSACTION', commit: 'COMMIT', rollback: 'ROLLBACK' }),
});
