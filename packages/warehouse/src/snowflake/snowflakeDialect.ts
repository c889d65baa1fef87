import type { ColumnType } from '@ferry/core';
import type { WarehouseDialect } from '../WarehouseDialect.js';

/** Decimal digits each integer width needs, sign aside: NUMBER(p,0) holds exactly that width's range. */
const INT_DIGITS = {
  signed: { 8: 3, 16: 5, 32: 10, 64: 19 },
  unsigned: { 8: 3, 16: 5, 32: 10, 64: 20 },
} as const;

const decimals = Object.freeze({ maxPrecision: 38, maxScale: 37, maxIntegerDigits: 38 });

function typeName(type: ColumnType): string {
  switch (type.kind) {
    case 'boolean':
      return 'BOOLEAN';
    case 'int':
      // Snowflake's INT, BIGINT, … are all NUMBER(38,0); the declared digits say what the column holds, and
      // cost nothing (precision does not change storage). uint64 needs 20 digits, past a signed 64-bit range.
      return `NUMBER(${INT_DIGITS[type.signed ? 'signed' : 'unsigned'][type.bits]},0)`;
    case 'float':
      // Snowflake's FLOAT is a 64-bit double; a float32 value is exactly one of its values.
      return 'FLOAT';
    case 'decimal':
      if (type.precision > decimals.maxPrecision || type.scale > decimals.maxScale) {
        throw new RangeError(
          `Snowflake NUMBER holds at most 38 digits, 37 after the point: not decimal(${type.precision},${type.scale})`,
        );
      }
      return `NUMBER(${type.precision},${type.scale})`;
    case 'string':
      return type.json ? 'VARIANT' : 'VARCHAR';
    case 'bytes':
      return 'BINARY';
    case 'date':
      return 'DATE';
    case 'time':
      return `TIME(${type.precision})`;
    case 'timestamp':
      // Wall clock (MySQL DATETIME): no zone at all. Instants: TIMESTAMP_TZ keeps each value's offset (+00:00,
      // as ferry writes it), so it reads the same whatever TIMEZONE a reader's session has; TIMESTAMP_LTZ would
      // print it in every session's own zone.
      return `${type.utc ? 'TIMESTAMP_TZ' : 'TIMESTAMP_NTZ'}(${type.precision})`;
  }
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Snowflake. Quoted identifiers are case-sensitive: `"orders"` is not `ORDERS`, so consumers quote the names
 * the mapping gives (and the session must keep `QUOTED_IDENTIFIERS_IGNORE_CASE = FALSE`). Its MERGE takes
 * `QUALIFY` sources and conditional `DELETE`; DDL commits the open transaction, so the adapter runs it first.
 * Placeholders are `:1, :2, …`, which `snowflake-sdk` binds from `binds[0], binds[1], …`.
 */
export const snowflakeDialect: WarehouseDialect = Object.freeze({
  name: 'snowflake',
  capabilities: Object.freeze({
    supportsMergeDelete: true,
    transactionalDdl: false,
    ledgerPerTable: false,
    maxFilesPerCopy: 1000,
    decimals,
    // PARSE_JSON keeps a number without an exponent as NUMBER when it fits (38 digits, 37 after the point);
    // anything else becomes a DOUBLE.
    json: Object.freeze({ keepsText: false, exactDecimals: Object.freeze({ digits: 38, scale: 37 }) }),
  }),
  quoteIdent,
  // Unqualified temp tables and the namespace's database come from the session (database, schema).
  qualify: (namespace: string, name?: string) =>
    name === undefined ? quoteIdent(namespace) : `${quoteIdent(namespace)}.${quoteIdent(name)}`,
  typeName,
  opTypeName: 'VARCHAR(1)',
  jsonTypeName: 'VARIANT',
  // PARSE_JSON is not allowed in a VALUES list; compileBookkeeping inserts with SELECT, where it is.
  jsonFromText: (expression: string) => `PARSE_JSON(${expression})`,
  jsonToText: (expression: string) => `TO_JSON(${expression})`,
  epochMicros: (expression: string) => `DATE_PART(EPOCH_MICROSECOND, ${expression})`,
  tempTableRef: quoteIdent,
  createTempTable: (name: string, definition: string) =>
    `CREATE OR REPLACE TEMPORARY TABLE ${quoteIdent(name)} ${definition}`,
  placeholder: (index: number) => `:${index}`,
  // `BEGIN TRANSACTION`, not a bare `BEGIN`, which Snowflake Scripting reads as the start of a block.
  transaction: Object.freeze({ begin: 'BEGIN TRANSACTION', commit: 'COMMIT', rollback: 'ROLLBACK' }),
});
