import type { ColumnSpec, ColumnType } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import {
  buildMergePlan,
  compileAddColumns,
  compileBookkeeping,
  compileCreateTables,
  compileMerge,
  compileReadLive,
  type WarehouseDialect,
} from '../src/index.js';
import { eachDialect } from './support/dialects.js';

const columns: ColumnSpec[] = [
  { name: 'tenant', type: { kind: 'string' } },
  { name: 'id', type: { kind: 'int', bits: 64, signed: false } },
  { name: 'amount', type: { kind: 'decimal', precision: 38, scale: 4 } },
];
const planOf = (deletes: 'soft' | 'hard') =>
  buildMergePlan(
    { id: 'brand-a:shop.orders', namespace: 'raw', name: 'orders', deletes, keyColumns: ['tenant', 'id'] },
    columns,
  );
const soft = planOf('soft');
const hard = planOf('hard');
const withoutMergeDelete = (dialect: WarehouseDialect): WarehouseDialect => ({
  ...dialect,
  capabilities: { ...dialect.capabilities, supportsMergeDelete: false },
});

describe('typeName', () => {
  const types: Record<string, ColumnType> = {
    boolean: { kind: 'boolean' },
    int8: { kind: 'int', bits: 8, signed: true },
    int16: { kind: 'int', bits: 16, signed: true },
    int32: { kind: 'int', bits: 32, signed: true },
    int64: { kind: 'int', bits: 64, signed: true },
    uint8: { kind: 'int', bits: 8, signed: false },
    uint16: { kind: 'int', bits: 16, signed: false },
    uint32: { kind: 'int', bits: 32, signed: false },
    uint64: { kind: 'int', bits: 64, signed: false },
    float32: { kind: 'float', bits: 32 },
    float64: { kind: 'float', bits: 64 },
    'decimal(38,10)': { kind: 'decimal', precision: 38, scale: 10 },
    'decimal(38,4)': { kind: 'decimal', precision: 38, scale: 4 },
    string: { kind: 'string' },
    bytes: { kind: 'bytes' },
    date: { kind: 'date' },
    'time(6)': { kind: 'time', precision: 6 },
    'timestamp(6) utc': { kind: 'timestamp', precision: 6, utc: true },
    'timestamp(3) wall-clock': { kind: 'timestamp', precision: 3, utc: false },
  };
  it.each(
    eachDialect<Record<string, string>>({
      duckdb: {
        boolean: 'BOOLEAN',
        int8: 'TINYINT',
        int16: 'SMALLINT',
        int32: 'INTEGER',
        int64: 'BIGINT',
        uint8: 'UTINYINT',
        uint16: 'USMALLINT',
        uint32: 'UINTEGER',
        uint64: 'UBIGINT',
        float32: 'REAL',
        float64: 'DOUBLE',
        'decimal(38,10)': 'DECIMAL(38,10)',
        'decimal(38,4)': 'DECIMAL(38,4)',
        string: 'VARCHAR',
        bytes: 'BLOB',
        date: 'DATE',
        'time(6)': 'TIME',
        'timestamp(6) utc': 'TIMESTAMPTZ',
        'timestamp(3) wall-clock': 'TIMESTAMP',
      },
    }),
  )('%s maps every logical type', (_, dialect, expected) => {
    expect(Object.fromEntries(Object.entries(types).map(([name, type]) => [name, dialect.typeName(type)]))).toEqual(
      expected,
    );
  });
});

it.each(eachDialect({ duckdb: ['"select"', '"Order"', '"a""b"'] }))('%s quotes identifiers', (_, dialect, expected) => {
  expect(['select', 'Order', 'a"b'].map((name) => dialect.quoteIdent(name))).toEqual(expected);
});

describe('compileMerge, soft deletes', () => {
  it.each(
    eachDialect({
      duckdb: {
        createStaging: `CREATE OR REPLACE TEMP TABLE "_ferry_stage_orders" ("tenant" VARCHAR, "id" UBIGINT, "amount" DECIMAL(38,4), "_ferry_op" ENUM('I', 'U', 'D'), "_ferry_position" VARCHAR, "_ferry_file" VARCHAR)`,
        stampFile: 'UPDATE "_ferry_stage_orders" SET "_ferry_file" = $1 WHERE "_ferry_file" IS NULL',
        dedupe: [
          'CREATE OR REPLACE TEMP TABLE "_ferry_batch_orders" AS SELECT * FROM "_ferry_stage_orders"',
          'QUALIFY ROW_NUMBER() OVER (PARTITION BY "tenant", "id" ORDER BY "_ferry_position" DESC, "_ferry_file" DESC) = 1',
        ].join('\n'),
        classify: [
          'SELECT "outcome", COUNT(*) AS "changes" FROM (',
          'SELECT CASE',
          `WHEN t."_ferry_position" IS NOT NULL AND s."_ferry_position" <= t."_ferry_position" THEN 'stale'`,
          `WHEN s."_ferry_op" = 'D' THEN 'deleted'`,
          `WHEN t."_ferry_position" IS NULL OR t."_ferry_deleted" THEN 'inserted'`,
          `ELSE 'updated' END AS "outcome"`,
          'FROM "_ferry_batch_orders" AS s',
          'LEFT JOIN "raw"."orders" AS t ON t."tenant" = s."tenant" AND t."id" = s."id"',
          ') AS c GROUP BY "outcome"',
        ].join('\n'),
        apply: [
          [
            'MERGE INTO "raw"."orders" AS t',
            'USING "_ferry_batch_orders" AS s',
            'ON t."tenant" = s."tenant" AND t."id" = s."id"',
            `WHEN MATCHED AND s."_ferry_position" > t."_ferry_position" AND s."_ferry_op" = 'D' THEN UPDATE SET "_ferry_deleted" = TRUE, "_ferry_position" = s."_ferry_position", "_ferry_file" = s."_ferry_file"`,
            `WHEN MATCHED AND s."_ferry_position" > t."_ferry_position" AND s."_ferry_op" <> 'D' THEN UPDATE SET "amount" = s."amount", "_ferry_deleted" = FALSE, "_ferry_position" = s."_ferry_position", "_ferry_file" = s."_ferry_file"`,
            'WHEN NOT MATCHED THEN INSERT ("tenant", "id", "amount", "_ferry_deleted", "_ferry_position", "_ferry_file")',
            `VALUES (s."tenant", s."id", s."amount", s."_ferry_op" = 'D', s."_ferry_position", s."_ferry_file")`,
          ].join('\n'),
        ],
        dropTemp: ['DROP TABLE IF EXISTS "_ferry_batch_orders"', 'DROP TABLE IF EXISTS "_ferry_stage_orders"'],
      },
    }),
  )('%s: staging, dedupe, classify, guarded MERGE that flags deletes', (_, dialect, expected) => {
    expect(compileMerge(soft, dialect)).toEqual(expected);
  });

  it.each(eachDialect({ duckdb: true }))('%s: needs no MERGE delete for soft deletes', (_, dialect) => {
    expect(compileMerge(soft, withoutMergeDelete(dialect))).toEqual(compileMerge(soft, dialect));
  });
});

describe('compileMerge, hard deletes', () => {
  const tombstones = [
    'MERGE INTO "raw"."_ferry_tombstones_orders" AS t',
    `USING (SELECT "tenant", "id", "_ferry_position" FROM "_ferry_batch_orders" WHERE "_ferry_op" = 'D') AS s`,
    'ON t."tenant" = s."tenant" AND t."id" = s."id"',
    'WHEN MATCHED AND s."_ferry_position" > t."_ferry_position" THEN UPDATE SET "_ferry_position" = s."_ferry_position"',
    'WHEN NOT MATCHED THEN INSERT ("tenant", "id", "_ferry_position") VALUES (s."tenant", s."id", s."_ferry_position")',
  ].join('\n');
  const mergeLines = (withDelete: boolean) =>
    [
      'MERGE INTO "raw"."orders" AS t',
      'USING (SELECT s.*, b."_ferry_position" AS "_ferry_tombstone_position" FROM "_ferry_batch_orders" AS s LEFT JOIN "raw"."_ferry_tombstones_orders" AS b ON b."tenant" = s."tenant" AND b."id" = s."id") AS s',
      'ON t."tenant" = s."tenant" AND t."id" = s."id"',
      ...(withDelete
        ? [`WHEN MATCHED AND s."_ferry_position" > t."_ferry_position" AND s."_ferry_op" = 'D' THEN DELETE`]
        : []),
      `WHEN MATCHED AND s."_ferry_position" > t."_ferry_position" AND s."_ferry_op" <> 'D' THEN UPDATE SET "amount" = s."amount", "_ferry_position" = s."_ferry_position", "_ferry_file" = s."_ferry_file"`,
      `WHEN NOT MATCHED AND s."_ferry_op" <> 'D' AND (s."_ferry_tombstone_position" IS NULL OR s."_ferry_position" > s."_ferry_tombstone_position") THEN INSERT ("tenant", "id", "amount", "_ferry_position", "_ferry_file")`,
      'VALUES (s."tenant", s."id", s."amount", s."_ferry_position", s."_ferry_file")',
    ].join('\n');

  it.each(
    eachDialect({
      duckdb: {
        classify: [
          'SELECT "outcome", COUNT(*) AS "changes" FROM (',
          'SELECT CASE',
          `WHEN t."_ferry_position" IS NOT NULL AND s."_ferry_position" <= t."_ferry_position" THEN 'stale'`,
          `WHEN t."_ferry_position" IS NULL AND b."_ferry_position" IS NOT NULL AND s."_ferry_position" <= b."_ferry_position" THEN 'stale'`,
          `WHEN s."_ferry_op" = 'D' THEN 'deleted'`,
          `WHEN t."_ferry_position" IS NULL THEN 'inserted'`,
          `ELSE 'updated' END AS "outcome"`,
          'FROM "_ferry_batch_orders" AS s',
          'LEFT JOIN "raw"."orders" AS t ON t."tenant" = s."tenant" AND t."id" = s."id"',
          'LEFT JOIN "raw"."_ferry_tombstones_orders" AS b ON b."tenant" = s."tenant" AND b."id" = s."id"',
          ') AS c GROUP BY "outcome"',
        ].join('\n'),
        apply: [tombstones, mergeLines(true)],
      },
    }),
  )('%s: tombstones first, then a guarded MERGE that deletes and checks tombstones', (_, dialect, expected) => {
    expect(compileMerge(hard, dialect)).toMatchObject(expected);
  });

  it.each(
    eachDialect({
      duckdb: [
        tombstones,
        [
          'DELETE FROM "raw"."orders" AS t WHERE EXISTS (',
          `SELECT 1 FROM "_ferry_batch_orders" AS s WHERE s."tenant" = t."tenant" AND s."id" = t."id" AND s."_ferry_op" = 'D' AND s."_ferry_position" > t."_ferry_position")`,
        ].join('\n'),
        mergeLines(false),
      ],
    }),
  )('%s without MERGE delete: a guarded DELETE before the MERGE', (_, dialect, expected) => {
    expect(compileMerge(hard, withoutMergeDelete(dialect)).apply).toEqual(expected);
  });
});

describe('table DDL', () => {
  it.each(
    eachDialect({
      duckdb: [
        'CREATE TABLE IF NOT EXISTS "raw"."orders" ("tenant" VARCHAR NOT NULL, "id" UBIGINT NOT NULL, "amount" DECIMAL(38,4), "_ferry_deleted" BOOLEAN NOT NULL, "_ferry_position" VARCHAR NOT NULL, "_ferry_file" VARCHAR NOT NULL)',
        [
          'CREATE OR REPLACE VIEW "raw"."orders_live" AS',
          'SELECT "tenant", "id", "amount", "_ferry_position", "_ferry_file" FROM "raw"."orders" WHERE NOT "_ferry_deleted"',
        ].join('\n'),
      ],
    }),
  )('%s creates a soft-delete table and its live view', (_, dialect, expected) => {
    expect(compileCreateTables(soft, dialect)).toEqual(expected);
  });

  it.each(
    eachDialect({
      duckdb: [
        'CREATE TABLE IF NOT EXISTS "raw"."orders" ("tenant" VARCHAR NOT NULL, "id" UBIGINT NOT NULL, "amount" DECIMAL(38,4), "_ferry_position" VARCHAR NOT NULL, "_ferry_file" VARCHAR NOT NULL)',
        'CREATE TABLE IF NOT EXISTS "raw"."_ferry_tombstones_orders" ("tenant" VARCHAR NOT NULL, "id" UBIGINT NOT NULL, "_ferry_position" VARCHAR NOT NULL)',
      ],
    }),
  )('%s creates a hard-delete table and its tombstone table', (_, dialect, expected) => {
    expect(compileCreateTables(hard, dialect)).toEqual(expected);
  });

  it.each(
    eachDialect({
      duckdb: {
        soft: [
          'ALTER TABLE "raw"."orders" ADD COLUMN "amount" DECIMAL(38,4)',
          [
            'CREATE OR REPLACE VIEW "raw"."orders_live" AS',
            'SELECT "tenant", "id", "amount", "_ferry_position", "_ferry_file" FROM "raw"."orders" WHERE NOT "_ferry_deleted"',
          ].join('\n'),
        ],
        hard: ['ALTER TABLE "raw"."orders" ADD COLUMN "amount" DECIMAL(38,4)'],
      },
    }),
  )('%s adds columns and refreshes the live view', (_, dialect, expected) => {
    expect({
      soft: compileAddColumns(soft, dialect, ['amount']),
      hard: compileAddColumns(hard, dialect, ['amount']),
    }).toEqual(expected);
    expect(compileAddColumns(soft, dialect, [])).toEqual([]);
  });

  it.each(
    eachDialect({
      duckdb: {
        soft: 'SELECT "id", "amount" FROM "raw"."orders_live" ORDER BY "tenant", "id"',
        hard: 'SELECT "id", "amount" FROM "raw"."orders" ORDER BY "tenant", "id"',
      },
    }),
  )('%s reads live rows in key order', (_, dialect, expected) => {
    expect({
      soft: compileReadLive(soft, dialect, ['id', 'amount']),
      hard: compileReadLive(hard, dialect, ['id', 'amount']),
    }).toEqual(expected);
  });
});

it.each(
  eachDialect({
    duckdb: {
      setup: [
        'CREATE SCHEMA IF NOT EXISTS "raw"',
        'CREATE TABLE IF NOT EXISTS "raw"."_ferry_ledger" ("table_id" VARCHAR NOT NULL, "file_key" VARCHAR NOT NULL, "rows" BIGINT NOT NULL, "committed_at" TIMESTAMPTZ NOT NULL)',
        'CREATE TABLE IF NOT EXISTS "raw"."_ferry_columns" ("table_name" VARCHAR NOT NULL, "column_name" VARCHAR NOT NULL, "column_type" JSON NOT NULL, "ordinal" INTEGER NOT NULL)',
      ],
      committedFiles: 'SELECT "file_key" FROM "raw"."_ferry_ledger" WHERE "table_id" = $1 AND "file_key" IN ($2, $3)',
      recordFiles: [
        'INSERT INTO "raw"."_ferry_ledger" ("table_id", "file_key", "rows", "committed_at")',
        'SELECT CAST($1 AS VARCHAR), CAST($2 AS VARCHAR), CAST($3 AS BIGINT), CURRENT_TIMESTAMP',
        'UNION ALL SELECT CAST($4 AS VARCHAR), CAST($5 AS VARCHAR), CAST($6 AS BIGINT), CURRENT_TIMESTAMP',
      ].join('\n'),
      registeredColumns:
        'SELECT "column_name", CAST("column_type" AS VARCHAR) AS "column_type" FROM "raw"."_ferry_columns" WHERE "table_name" = $1 ORDER BY "ordinal"',
      registerColumns: [
        'INSERT INTO "raw"."_ferry_columns" ("table_name", "column_name", "column_type", "ordinal")',
        'SELECT CAST($1 AS VARCHAR), CAST($2 AS VARCHAR), CAST(CAST($3 AS VARCHAR) AS JSON), CAST($4 AS INTEGER)',
      ].join('\n'),
    },
  }),
)('%s compiles the ledger and column registry with bound values only', (_, dialect, expected) => {
  const sql = compileBookkeeping('raw', dialect);
  expect({
    setup: sql.setup,
    committedFiles: sql.committedFiles(2),
    recordFiles: sql.recordFiles(2),
    registeredColumns: sql.registeredColumns,
    registerColumns: sql.registerColumns(1),
  }).toEqual(expected);
  expect(() => sql.recordFiles(0)).toThrow(RangeError);
});
