import { describe, expect, it } from 'vitest';
import { splitSqlStatements, translateBigQuerySql, translateSnowflakeSql } from '../../src/index.js';

// The default rewrites, one by one, and what they must leave alone (README §SQL translations).

describe('translateSnowflakeSql', () => {
  it.each([
    ['SELECT * FROM t WHERE id = :1 AND v = :2', 'SELECT * FROM t WHERE id = $1 AND v = $2'],
    ['SELECT x::VARCHAR FROM t', 'SELECT x::VARCHAR FROM t'],
    [
      'CREATE TABLE t (a NUMBER(38,4), b NUMBER, c TIMESTAMP_NTZ(9), d TIMESTAMP_LTZ, e VARIANT, f BINARY)',
      'CREATE TABLE t (a DECIMAL(38,4), b DECIMAL(38,0), c TIMESTAMP, d TIMESTAMPTZ, e JSON, f BLOB)',
    ],
    ['SELECT \'NUMBER :1\' AS "VARIANT"', 'SELECT \'NUMBER :1\' AS "VARIANT"'],
    ['CREATE TABLE t (u TIMESTAMP_TZ(6), l TIMESTAMP_LTZ(6))', 'CREATE TABLE t (u TIMESTAMPTZ, l TIMESTAMPTZ)'],
    ['CREATE TABLE t (f FLOAT, g FLOAT4, h REAL, c TIME(6))', 'CREATE TABLE t (f DOUBLE, g DOUBLE, h DOUBLE, c TIME)'],
    ['SELECT DATE_PART(EPOCH_MICROSECOND, "at") AS "at"', 'SELECT epoch_us("at") AS "at"'],
    [
      'SELECT DATE_PART(YEAR, "at"), DATE_PART(\'EPOCH_MICROSECOND\', "at")',
      'SELECT DATE_PART(YEAR, "at"), DATE_PART(\'EPOCH_MICROSECOND\', "at")',
    ],
    [
      'SELECT DATE_PART(EPOCH_MICROSECOND, TIMESTAMP_NTZ_FROM_PARTS(DATE \'1970-01-01\', "clock")) AS "clock"',
      'SELECT epoch_us((DATE \'1970-01-01\' + "clock")) AS "clock"',
    ],
    [
      'INSERT INTO c SELECT CAST(:1 AS VARCHAR), PARSE_JSON(:2)',
      'INSERT INTO c SELECT CAST($1 AS VARCHAR), CAST($2 AS JSON)',
    ],
    ['SELECT PARSE_JSON(\'{"f(x)": ")", "n": 1}\')', 'SELECT CAST(\'{"f(x)": ")", "n": 1}\' AS JSON)'],
    ['SELECT \'PARSE_JSON(x) FLOAT TIME(6)\' AS "FLOAT"', 'SELECT \'PARSE_JSON(x) FLOAT TIME(6)\' AS "FLOAT"'],
  ])('%s', (sql, expected) => {
    expect(translateSnowflakeSql(sql)).toBe(expected);
  });
});

describe('translateBigQuerySql', () => {
  it.each([
    ['SELECT * FROM `ferry-local.shop.orders` WHERE id = @id', 'SELECT * FROM "shop"."orders" WHERE id = $id'],
    ['MERGE shop.t USING s ON t.id = s.id', 'MERGE INTO shop.t USING s ON t.id = s.id'],
    ["INSERT shop.ledger (f) VALUES ('x')", "INSERT INTO shop.ledger (f) VALUES ('x')"],
    ['DELETE shop.t WHERE true', 'DELETE FROM shop.t WHERE true'],
    [
      'CREATE TABLE t (a INT64, b FLOAT64, c NUMERIC, d BIGNUMERIC(38,4), e BYTES, f DATETIME, g TIMESTAMP, h BOOL)',
      'CREATE TABLE t (a BIGINT, b DOUBLE, c DECIMAL(38,9), d DECIMAL(38,4), e BLOB, f TIMESTAMP, g TIMESTAMPTZ, h BOOLEAN)',
    ],
    ["SELECT TIMESTAMP('2024-01-01'), 'INT64 @x'", "SELECT TIMESTAMP('2024-01-01'), 'INT64 @x'"],
    ['SELECT TO_JSON_STRING(`column_type`) FROM t', 'SELECT CAST("column_type" AS VARCHAR) FROM t'],
    [
      'INSERT `ds._ferry_columns` (c) SELECT PARSE_JSON(CAST(@p1 AS STRING))',
      'INSERT INTO "ds"."_ferry_columns" (c) SELECT CAST(CAST($p1 AS STRING) AS JSON)',
    ],
    [
      'SELECT PARSE_JSON(\'{"a": "("}\'), \'TO_JSON_STRING(x)\'',
      'SELECT CAST(\'{"a": "("}\' AS JSON), \'TO_JSON_STRING(x)\'',
    ],
  ])('%s', (sql, expected) => {
    expect(translateBigQuerySql(sql)).toBe(expected);
  });
});

describe('splitSqlStatements', () => {
  it('splits at semicolons outside literals and comments and drops empty statements', () => {
    expect(splitSqlStatements("BEGIN TRANSACTION; INSERT t VALUES (';'); -- done;\nCOMMIT TRANSACTION;")).toEqual([
      'BEGIN TRANSACTION',
      "INSERT t VALUES (';')",
      '-- done;\nCOMMIT TRANSACTION',
    ]);
  });
});
