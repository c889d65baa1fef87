import type { ColumnSpec } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import {
  bigQueryDialect,
  buildMergePlan,
  compileAddColumns,
  compileBookkeeping,
  compileCreateTables,
  compileMerge,
  compileReadLive,
  snowflakeDialect,
  type WarehouseDialect,
} from '../src/index.js';
import { duckDbTranslation } from './support/duckDbTranslation.js';
import { translateToDuckDb } from './support/translateToDuckDb.js';

/** One column of every logical type, so the statements below use every type name a dialect has. */
const columns: ColumnSpec[] = [
  { name: 'id', type: { kind: 'int', bits: 64, signed: false } },
  { name: 'flag', type: { kind: 'boolean' } },
  { name: 'i32', type: { kind: 'int', bits: 32, signed: true } },
  { name: 'f32', type: { kind: 'float', bits: 32 } },
  { name: 'small', type: { kind: 'decimal', precision: 10, scale: 2 } },
  { name: 'money', type: { kind: 'decimal', precision: 38, scale: 4 } },
  { name: 'text', type: { kind: 'string' } },
  { name: 'doc', type: { kind: 'string', json: true } },
  { name: 'raw', type: { kind: 'bytes' } },
  { name: 'day', type: { kind: 'date' } },
  { name: 'clock', type: { kind: 'time', precision: 6 } },
  { name: 'instant', type: { kind: 'timestamp', precision: 6, utc: true } },
  { name: 'wall', type: { kind: 'timestamp', precision: 6, utc: false } },
];

function everyStatement(dialect: WarehouseDialect): string[] {
  const statements: string[] = [];
  for (const deletes of ['soft', 'hard'] as const) {
    const plan = buildMergePlan(
      { id: 'a:shop.orders', namespace: 'raw', name: 'orders', deletes, keyColumns: ['id'] },
      columns,
    );
    const merge = compileMerge(plan, dialect);
    const book = compileBookkeeping('raw', dialect, 'orders');
    statements.push(
      ...compileCreateTables(plan, dialect),
      ...compileAddColumns(plan, dialect, ['text']),
      compileReadLive(plan, dialect, ['id', 'doc']),
      merge.createStaging,
      merge.stampFile,
      merge.dedupe,
      merge.classify,
      ...merge.apply,
      ...merge.dropTemp,
      ...book.setup,
      book.committedFiles(2),
      book.committedSince(2),
      book.commitStatus(2),
      book.recordFiles(2),
      book.registeredColumns,
      book.registerColumns(2),
      dialect.transaction.begin,
      dialect.transaction.commit,
      dialect.transaction.rollback,
    );
  }
  return statements;
}

const cloud = { snowflake: snowflakeDialect, bigquery: bigQueryDialect } as const;

describe.each(Object.entries(cloud) as [keyof typeof cloud, WarehouseDialect][])('%s → DuckDB', (name, dialect) => {
  it('uses every rewrite of its translation table, and trips no guard, on what the dialect generates', () => {
    const sql = everyStatement(dialect).join('\n;\n');
    for (const rule of duckDbTranslation[name]) {
      if (rule.refuses) {
        expect(() => translateToDuckDb(name, sql), rule.why).not.toThrow();
        continue;
      }
      rule.pattern.lastIndex = 0;
      expect(rule.pattern.test(sql), rule.why).toBe(true);
    }
  });
});

it.each([
  [
    'snowflake',
    compileBookkeeping('raw', snowflakeDialect).registerColumns(1),
    [
      'INSERT INTO "raw"."_ferry_columns" ("table_name", "column_name", "column_type", "ordinal")',
      'SELECT CAST($1 AS VARCHAR), CAST($2 AS VARCHAR), CAST(CAST($3 AS VARCHAR) AS JSON), CAST($4 AS DECIMAL(10,0))',
    ].join('\n'),
  ],
  [
    'bigquery',
    compileBookkeeping('raw', bigQueryDialect, 'orders').registeredColumns,
    'SELECT "column_name", CAST("column_type" AS VARCHAR) AS "column_type" FROM "raw"."_ferry_columns" WHERE "table_name" = $1 ORDER BY "ordinal"',
  ],
  [
    'bigquery',
    compileBookkeeping('raw', bigQueryDialect, 'orders').setup[1]!,
    'CREATE TABLE IF NOT EXISTS "raw"."_ferry_ledger_orders" ("table_id" STRING NOT NULL, "file_key" STRING NOT NULL, "rows" INT64 NOT NULL, "committed_at" TIMESTAMPTZ NOT NULL)',
  ],
] as const)('translates %s bookkeeping into DuckDB SQL of the same meaning', (name, sql, expected) => {
  expect(translateToDuckDb(name, sql)).toBe(expected);
});

it('leaves string literals and the text of quoted names alone', () => {
  expect(translateToDuckDb('bigquery', "SELECT `TIMESTAMP`, 'BYTES @p1', `a\\`b` FROM `raw`.`t` WHERE x = @p1")).toBe(
    `SELECT "TIMESTAMP", 'BYTES @p1', "a\`b" FROM "raw"."t" WHERE x = $1`,
  );
  expect(translateToDuckDb('snowflake', `SELECT "FLOAT", ':1' FROM t WHERE x = :12`)).toBe(
    `SELECT "FLOAT", ':1' FROM t WHERE x = $12`,
  );
});

it('refuses what DuckDB cannot run with the same meaning, instead of changing it silently', () => {
  expect(() => translateToDuckDb('bigquery', 'CREATE TABLE t (x BIGNUMERIC(76,38))')).toThrow(
    'DuckDB cannot hold BIGNUMERIC(76,38)',
  );
  expect(() => translateToDuckDb('bigquery', 'CREATE TABLE t (x NUMERIC)')).toThrow('without precision');
});
