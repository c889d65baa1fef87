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
