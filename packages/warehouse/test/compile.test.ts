import { type ColumnSpec, type ColumnType, FerryError, SchemaChangeError } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import {
  bigQueryDialectFor,
  buildMergePlan,
  compileAddColumns,
  compileBookkeeping,
  compileCreateTables,
  compileMerge,
  compileReadLive,
  evolveColumns,
  type WarehouseDialect,
} from '../src/index.js';
import { fileOf } from './support/changes.js';
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
    'decimal(15,2)': { kind: 'decimal', precision: 15, scale: 2 },
    'decimal(38,9)': { kind: 'decimal', precision: 38, scale: 9 },
    'decimal(30,0)': { kind: 'decimal', precision: 30, scale: 0 },
    'decimal(38,10)': { kind: 'decimal', precision: 38, scale: 10 },
    'decimal(38,4)': { kind: 'decimal', precision: 38, scale: 4 },
    string: { kind: 'string' },
    json: { kind: 'string', json: true },
    bytes: { kind: 'bytes' },
    date: { kind: 'date' },
    'time(3)': { kind: 'time', precision: 3 },
    'time(6)': { kind: 'time', precision: 6 },
    'timestamp(6) utc': { kind: 'timestamp', precision: 6, utc: true },
    'timestamp(3) utc': { kind: 'timestamp', precision: 3, utc: true },
    'timestamp(6) wall-clock': { kind: 'timestamp', precision: 6, utc: false },
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
        'decimal(15,2)': 'DECIMAL(15,2)',
        'decimal(38,9)': 'DECIMAL(38,9)',
        'decimal(30,0)': 'DECIMAL(30,0)',
        'decimal(38,10)': 'DECIMAL(38,10)',
        'decimal(38,4)': 'DECIMAL(38,4)',
        string: 'VARCHAR',
        json: 'JSON',
        bytes: 'BLOB',
        date: 'DATE',
        'time(3)': 'TIME',
        'time(6)': 'TIME',
        'timestamp(6) utc': 'TIMESTAMPTZ',
        'timestamp(3) utc': 'TIMESTAMPTZ',
        'timestamp(6) wall-clock': 'TIMESTAMP',
        'timestamp(3) wall-clock': 'TIMESTAMP',
      },
      snowflake: {
        boolean: 'BOOLEAN',
        int8: 'NUMBER(3,0)',
        int16: 'NUMBER(5,0)',
        int32: 'NUMBER(10,0)',
        int64: 'NUMBER(19,0)',
        uint8: 'NUMBER(3,0)',
        uint16: 'NUMBER(5,0)',
        uint32: 'NUMBER(10,0)',
        uint64: 'NUMBER(20,0)',
        float32: 'FLOAT',
        float64: 'FLOAT',
        'decimal(15,2)': 'NUMBER(15,2)',
        'decimal(38,9)': 'NUMBER(38,9)',
        'decimal(30,0)': 'NUMBER(30,0)',
        'decimal(38,10)': 'NUMBER(38,10)',
        'decimal(38,4)': 'NUMBER(38,4)',
        string: 'VARCHAR',
        json: 'VARIANT',
        bytes: 'BINARY',
        date: 'DATE',
        'time(3)': 'TIME(3)',
        'time(6)': 'TIME(6)',
        'timestamp(6) utc': 'TIMESTAMP_TZ(6)',
        'timestamp(3) utc': 'TIMESTAMP_TZ(3)',
        'timestamp(6) wall-clock': 'TIMESTAMP_NTZ(6)',
        'timestamp(3) wall-clock': 'TIMESTAMP_NTZ(3)',
      },
      bigquery: {
        boolean: 'BOOL',
        int8: 'INT64',
        int16: 'INT64',
        int32: 'INT64',
        int64: 'INT64',
        uint8: 'INT64',
        uint16: 'INT64',
        uint32: 'INT64',
        // INT64 ends at 2^63−1; every uint64 fits NUMERIC(20,0).
        uint64: 'NUMERIC(20,0)',
        float32: 'FLOAT64',
        float64: 'FLOAT64',
        'decimal(15,2)': 'NUMERIC(15,2)',
        // NUMERIC(P,S): S ≤ 9 and P − S ≤ 29; past either, BIGNUMERIC(P,S).
        'decimal(38,9)': 'NUMERIC(38,9)',
        'decimal(30,0)': 'BIGNUMERIC(30,0)',
        'decimal(38,10)': 'BIGNUMERIC(38,10)',
        // DMS's `money`: 34 integer digits do not fit NUMERIC.
        'decimal(38,4)': 'BIGNUMERIC(38,4)',
        string: 'STRING',
        json: 'JSON',
        bytes: 'BYTES',
        date: 'DATE',
        'time(3)': 'TIME',
        'time(6)': 'TIME',
        'timestamp(6) utc': 'TIMESTAMP',
        'timestamp(3) utc': 'TIMESTAMP',
        'timestamp(6) wall-clock': 'DATETIME',
        'timestamp(3) wall-clock': 'DATETIME',
      },
    }),
  )('%s maps every logical type', (_, dialect, expected) => {
    expect(Object.fromEntries(Object.entries(types).map(([name, type]) => [name, dialect.typeName(type)]))).toEqual(
      expected,
    );
  });

  const wide: Record<string, ColumnType> = {
    'decimal(38,38)': { kind: 'decimal', precision: 38, scale: 38 },
    'decimal(39,0)': { kind: 'decimal', precision: 39, scale: 0 },
    'decimal(65,30)': { kind: 'decimal', precision: 65, scale: 30 },
    'decimal(76,38)': { kind: 'decimal', precision: 76, scale: 38 },
    'decimal(40,1)': { kind: 'decimal', precision: 40, scale: 1 },
    'decimal(50,39)': { kind: 'decimal', precision: 50, scale: 39 },
  };
  it.each(
    eachDialect<Record<string, string>>({
      duckdb: {
        'decimal(38,38)': 'DECIMAL(38,38)',
        'decimal(39,0)': 'refused',
        'decimal(65,30)': 'refused',
        'decimal(76,38)': 'refused',
        'decimal(40,1)': 'refused',
        'decimal(50,39)': 'refused',
      },
      snowflake: {
        // NUMBER keeps at most 37 digits after the point.
        'decimal(38,38)': 'refused',
        'decimal(39,0)': 'refused',
        'decimal(65,30)': 'refused',
        'decimal(76,38)': 'refused',
        'decimal(40,1)': 'refused',
        'decimal(50,39)': 'refused',
      },
      bigquery: {
        'decimal(38,38)': 'BIGNUMERIC(38,38)',
        'decimal(39,0)': 'refused',
        // MySQL's widest DECIMAL fits: 35 digits before the point, 30 after.
        'decimal(65,30)': 'BIGNUMERIC(65,30)',
        'decimal(76,38)': 'BIGNUMERIC(76,38)',
        'decimal(40,1)': 'refused',
        'decimal(50,39)': 'refused',
      },
    }),
  )('%s holds wide decimals exactly or refuses them, by capabilities and typeName alike', (_, dialect, expected) => {
    const table = { id: 'a:shop.t', namespace: 'raw', name: 't', deletes: 'soft' as const, keyColumns: ['id'] };
    const id: ColumnSpec = { name: 'id', type: { kind: 'int', bits: 32, signed: true } };
    const outcome = Object.entries(wide).map(([name, type]) => {
      const evolve = () =>
        evolveColumns(table, [], [fileOf('cdc/1.parquet', [id, { name: 'd', type }], [])], dialect.capabilities);
      let refusedByCapabilities = false;
      try {
        evolve();
      } catch (error) {
        expect(error).toBeInstanceOf(SchemaChangeError);
        expect(String(error)).toContain(
          `column "d" (in cdc/1.parquet) is ${name}, more digits than the warehouse holds`,
        );
        refusedByCapabilities = true;
      }
      let typeName: string;
      try {
        typeName = dialect.typeName(type);
      } catch (error) {
        expect(error).toBeInstanceOf(RangeError);
        typeName = 'refused';
      }
      // The capability data and the hook agree on every case.
      expect(refusedByCapabilities).toBe(typeName === 'refused');
      return [name, typeName];
    });
    expect(Object.fromEntries(outcome)).toEqual(expected);
  });
});

it.each(
  eachDialect({
    duckdb: ['"select"', '"Order"', '"a""b"', '"a`b"'],
    snowflake: ['"select"', '"Order"', '"a""b"', '"a`b"'],
    bigquery: ['`select`', '`Order`', '`a"b`', '`a\\`b`'],
  }),
)('%s quotes identifiers', (_, dialect, expected) => {
  expect(['select', 'Order', 'a"b', 'a`b'].map((name) => dialect.quoteIdent(name))).toEqual(expected);
});

it.each(
  eachDialect({
    duckdb: ['"raw"', '"raw"."orders"', 'BEGIN TRANSACTION', 'COMMIT', 'ROLLBACK', '$3'],
    snowflake: ['"raw"', '"raw"."orders"', 'BEGIN TRANSACTION', 'COMMIT', 'ROLLBACK', ':3'],
    bigquery: ['`raw`', '`raw`.`orders`', 'BEGIN TRANSACTION', 'COMMIT TRANSACTION', 'ROLLBACK TRANSACTION', '@p3'],
  }),
)('%s qualifies names, opens and ends transactions, and places parameters', (_, dialect, expected) => {
  const { begin, commit, rollback } = dialect.transaction;
  expect([
    dialect.qualify('raw'),
    dialect.qualify('raw', 'orders'),
    begin,
    commit,
    rollback,
    dialect.placeholder(3),
  ]).toEqual(expected);
});

it('names the project in every BigQuery table when given one, and refuses what is not a project id', () => {
  const dialect = bigQueryDialectFor('my-project-1');
  expect(compileReadLive(soft, dialect, ['id'])).toBe(
    'SELECT `id` FROM `my-project-1`.`raw`.`orders_live` ORDER BY `tenant`, `id`',
  );
  expect(compileBookkeeping('raw', dialect, 'orders').setup.slice(0, 2)).toEqual([
    'CREATE SCHEMA IF NOT EXISTS `my-project-1`.`raw`',
    'CREATE TABLE IF NOT EXISTS `my-project-1`.`raw`.`_ferry_ledger_orders` (`table_id` STRING NOT NULL, `file_key` STRING NOT NULL, `rows` INT64 NOT NULL, `committed_at` TIMESTAMP NOT NULL)',
  ]);
  // Temp tables belong to the session, never to a project or dataset.
  expect(compileMerge(soft, dialect).dedupe).toMatch(
    /^CREATE OR REPLACE TEMP TABLE `_ferry_batch_orders` AS SELECT \* FROM `_ferry_stage_orders`\n/,
  );
  for (const bad of ['My Project', 'x', 'proj`ect', 'project-']) {
    expect(() => bigQueryDialectFor(bad)).toThrow(FerryError);
  }
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
          'SELECT "outcome", "_ferry_file", COUNT(*) AS "changes" FROM (',
          'SELECT CASE',
          `WHEN t."_ferry_position" IS NOT NULL AND s."_ferry_position" <= t."_ferry_position" THEN 'stale'`,
          `WHEN s."_ferry_op" = 'D' THEN 'deleted'`,
          `WHEN t."_ferry_position" IS NULL OR t."_ferry_deleted" THEN 'inserted'`,
          `ELSE 'updated' END AS "outcome", s."_ferry_file"`,
          'FROM "_ferry_batch_orders" AS s',
          'LEFT JOIN "raw"."orders" AS t ON t."tenant" = s."tenant" AND t."id" = s."id"',
          ') AS c GROUP BY "outcome", "_ferry_file"',
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
      snowflake: {
        createStaging:
          'CREATE OR REPLACE TEMPORARY TABLE "_ferry_stage_orders" ("tenant" VARCHAR, "id" NUMBER(20,0), "amount" NUMBER(38,4), "_ferry_op" VARCHAR(1), "_ferry_position" VARCHAR, "_ferry_file" VARCHAR)',
        stampFile: 'UPDATE "_ferry_stage_orders" SET "_ferry_file" = :1 WHERE "_ferry_file" IS NULL',
        dedupe: [
          'CREATE OR REPLACE TEMPORARY TABLE "_ferry_batch_orders" AS SELECT * FROM "_ferry_stage_orders"',
          'QUALIFY ROW_NUMBER() OVER (PARTITION BY "tenant", "id" ORDER BY "_ferry_position" DESC, "_ferry_file" DESC) = 1',
        ].join('\n'),
        classify: [
          'SELECT "outcome", "_ferry_file", COUNT(*) AS "changes" FROM (',
          'SELECT CASE',
          `WHEN t."_ferry_position" IS NOT NULL AND s."_ferry_position" <= t."_ferry_position" THEN 'stale'`,
          `WHEN s."_ferry_op" = 'D' THEN 'deleted'`,
          `WHEN t."_ferry_position" IS NULL OR t."_ferry_deleted" THEN 'inserted'`,
          `ELSE 'updated' END AS "outcome", s."_ferry_file"`,
          'FROM "_ferry_batch_orders" AS s',
          'LEFT JOIN "raw"."orders" AS t ON t."tenant" = s."tenant" AND t."id" = s."id"',
          ') AS c GROUP BY "outcome", "_ferry_file"',
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
      bigquery: {
        createStaging:
          'CREATE OR REPLACE TEMP TABLE `_ferry_stage_orders` (`tenant` STRING, `id` NUMERIC(20,0), `amount` BIGNUMERIC(38,4), `_ferry_op` STRING, `_ferry_position` STRING, `_ferry_file` STRING)',
        stampFile: 'UPDATE `_ferry_stage_orders` SET `_ferry_file` = @p1 WHERE `_ferry_file` IS NULL',
        dedupe: [
          'CREATE OR REPLACE TEMP TABLE `_ferry_batch_orders` AS SELECT * FROM `_ferry_stage_orders`',
          'QUALIFY ROW_NUMBER() OVER (PARTITION BY `tenant`, `id` ORDER BY `_ferry_position` DESC, `_ferry_file` DESC) = 1',
        ].join('\n'),
        classify: [
          'SELECT `outcome`, `_ferry_file`, COUNT(*) AS `changes` FROM (',
          'SELECT CASE',
          "WHEN t.`_ferry_position` IS NOT NULL AND s.`_ferry_position` <= t.`_ferry_position` THEN 'stale'",
          "WHEN s.`_ferry_op` = 'D' THEN 'deleted'",
          "WHEN t.`_ferry_position` IS NULL OR t.`_ferry_deleted` THEN 'inserted'",
          "ELSE 'updated' END AS `outcome`, s.`_ferry_file`",
          'FROM `_ferry_batch_orders` AS s',
          'LEFT JOIN `raw`.`orders` AS t ON t.`tenant` = s.`tenant` AND t.`id` = s.`id`',
          ') AS c GROUP BY `outcome`, `_ferry_file`',
        ].join('\n'),
        apply: [
          [
            'MERGE INTO `raw`.`orders` AS t',
            'USING `_ferry_batch_orders` AS s',
            'ON t.`tenant` = s.`tenant` AND t.`id` = s.`id`',
            "WHEN MATCHED AND s.`_ferry_position` > t.`_ferry_position` AND s.`_ferry_op` = 'D' THEN UPDATE SET `_ferry_deleted` = TRUE, `_ferry_position` = s.`_ferry_position`, `_ferry_file` = s.`_ferry_file`",
            "WHEN MATCHED AND s.`_ferry_position` > t.`_ferry_position` AND s.`_ferry_op` <> 'D' THEN UPDATE SET `amount` = s.`amount`, `_ferry_deleted` = FALSE, `_ferry_position` = s.`_ferry_position`, `_ferry_file` = s.`_ferry_file`",
            'WHEN NOT MATCHED THEN INSERT (`tenant`, `id`, `amount`, `_ferry_deleted`, `_ferry_position`, `_ferry_file`)',
            "VALUES (s.`tenant`, s.`id`, s.`amount`, s.`_ferry_op` = 'D', s.`_ferry_position`, s.`_ferry_file`)",
          ].join('\n'),
        ],
        dropTemp: ['DROP TABLE IF EXISTS `_ferry_batch_orders`', 'DROP TABLE IF EXISTS `_ferry_stage_orders`'],
      },
    }),
  )('%s: staging, dedupe, classify, guarded MERGE that flags deletes', (_, dialect, expected) => {
    expect(compileMerge(soft, dialect)).toEqual(expected);
  });

  it.each(eachDialect({ duckdb: true, snowflake: true, bigquery: true }))(
    '%s: needs no MERGE delete for soft deletes',
    (_, dialect) => {
      expect(compileMerge(soft, withoutMergeDelete(dialect))).toEqual(compileMerge(soft, dialect));
    },
  );
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
          'SELECT "outcome", "_ferry_file", COUNT(*) AS "changes" FROM (',
          'SELECT CASE',
          `WHEN t."_ferry_position" IS NOT NULL AND s."_ferry_position" <= t."_ferry_position" THEN 'stale'`,
          `WHEN t."_ferry_position" IS NULL AND b."_ferry_position" IS NOT NULL AND s."_ferry_position" <= b."_ferry_position" THEN 'stale'`,
          `WHEN s."_ferry_op" = 'D' THEN 'deleted'`,
          `WHEN t."_ferry_position" IS NULL THEN 'inserted'`,
          `ELSE 'updated' END AS "outcome", s."_ferry_file"`,
          'FROM "_ferry_batch_orders" AS s',
          'LEFT JOIN "raw"."orders" AS t ON t."tenant" = s."tenant" AND t."id" = s."id"',
          'LEFT JOIN "raw"."_ferry_tombstones_orders" AS b ON b."tenant" = s."tenant" AND b."id" = s."id"',
          ') AS c GROUP BY "outcome", "_ferry_file"',
        ].join('\n'),
        apply: [tombstones, mergeLines(true)],
      },
      snowflake: {
        classify: [
          'SELECT "outcome", "_ferry_file", COUNT(*) AS "changes" FROM (',
          'SELECT CASE',
          `WHEN t."_ferry_position" IS NOT NULL AND s."_ferry_position" <= t."_ferry_position" THEN 'stale'`,
          `WHEN t."_ferry_position" IS NULL AND b."_ferry_position" IS NOT NULL AND s."_ferry_position" <= b."_ferry_position" THEN 'stale'`,
          `WHEN s."_ferry_op" = 'D' THEN 'deleted'`,
          `WHEN t."_ferry_position" IS NULL THEN 'inserted'`,
          `ELSE 'updated' END AS "outcome", s."_ferry_file"`,
          'FROM "_ferry_batch_orders" AS s',
          'LEFT JOIN "raw"."orders" AS t ON t."tenant" = s."tenant" AND t."id" = s."id"',
          'LEFT JOIN "raw"."_ferry_tombstones_orders" AS b ON b."tenant" = s."tenant" AND b."id" = s."id"',
          ') AS c GROUP BY "outcome", "_ferry_file"',
        ].join('\n'),
        apply: [
          [
            'MERGE INTO "raw"."_ferry_tombstones_orders" AS t',
            `USING (SELECT "tenant", "id", "_ferry_position" FROM "_ferry_batch_orders" WHERE "_ferry_op" = 'D') AS s`,
            'ON t."tenant" = s."tenant" AND t."id" = s."id"',
            'WHEN MATCHED AND s."_ferry_position" > t."_ferry_position" THEN UPDATE SET "_ferry_position" = s."_ferry_position"',
            'WHEN NOT MATCHED THEN INSERT ("tenant", "id", "_ferry_position") VALUES (s."tenant", s."id", s."_ferry_position")',
          ].join('\n'),
          [
            'MERGE INTO "raw"."orders" AS t',
            'USING (SELECT s.*, b."_ferry_position" AS "_ferry_tombstone_position" FROM "_ferry_batch_orders" AS s LEFT JOIN "raw"."_ferry_tombstones_orders" AS b ON b."tenant" = s."tenant" AND b."id" = s."id") AS s',
            'ON t."tenant" = s."tenant" AND t."id" = s."id"',
            `WHEN MATCHED AND s."_ferry_position" > t."_ferry_position" AND s."_ferry_op" = 'D' THEN DELETE`,
            `WHEN MATCHED AND s."_ferry_position" > t."_ferry_position" AND s."_ferry_op" <> 'D' THEN UPDATE SET "amount" = s."amount", "_ferry_position" = s."_ferry_position", "_ferry_file" = s."_ferry_file"`,
            `WHEN NOT MATCHED AND s."_ferry_op" <> 'D' AND (s."_ferry_tombstone_position" IS NULL OR s."_ferry_position" > s."_ferry_tombstone_position") THEN INSERT ("tenant", "id", "amount", "_ferry_position", "_ferry_file")`,
            'VALUES (s."tenant", s."id", s."amount", s."_ferry_position", s."_ferry_file")',
          ].join('\n'),
        ],
      },
      bigquery: {
        classify: [
          'SELECT `outcome`, `_ferry_file`, COUNT(*) AS `changes` FROM (',
          'SELECT CASE',
          "WHEN t.`_ferry_position` IS NOT NULL AND s.`_ferry_position` <= t.`_ferry_position` THEN 'stale'",
          "WHEN t.`_ferry_position` IS NULL AND b.`_ferry_position` IS NOT NULL AND s.`_ferry_position` <= b.`_ferry_position` THEN 'stale'",
          "WHEN s.`_ferry_op` = 'D' THEN 'deleted'",
          "WHEN t.`_ferry_position` IS NULL THEN 'inserted'",
          "ELSE 'updated' END AS `outcome`, s.`_ferry_file`",
          'FROM `_ferry_batch_orders` AS s',
          'LEFT JOIN `raw`.`orders` AS t ON t.`tenant` = s.`tenant` AND t.`id` = s.`id`',
          'LEFT JOIN `raw`.`_ferry_tombstones_orders` AS b ON b.`tenant` = s.`tenant` AND b.`id` = s.`id`',
          ') AS c GROUP BY `outcome`, `_ferry_file`',
        ].join('\n'),
        apply: [
          [
            'MERGE INTO `raw`.`_ferry_tombstones_orders` AS t',
            "USING (SELECT `tenant`, `id`, `_ferry_position` FROM `_ferry_batch_orders` WHERE `_ferry_op` = 'D') AS s",
            'ON t.`tenant` = s.`tenant` AND t.`id` = s.`id`',
            'WHEN MATCHED AND s.`_ferry_position` > t.`_ferry_position` THEN UPDATE SET `_ferry_position` = s.`_ferry_position`',
            'WHEN NOT MATCHED THEN INSERT (`tenant`, `id`, `_ferry_position`) VALUES (s.`tenant`, s.`id`, s.`_ferry_position`)',
          ].join('\n'),
          [
            'MERGE INTO `raw`.`orders` AS t',
            'USING (SELECT s.*, b.`_ferry_position` AS `_ferry_tombstone_position` FROM `_ferry_batch_orders` AS s LEFT JOIN `raw`.`_ferry_tombstones_orders` AS b ON b.`tenant` = s.`tenant` AND b.`id` = s.`id`) AS s',
            'ON t.`tenant` = s.`tenant` AND t.`id` = s.`id`',
            "WHEN MATCHED AND s.`_ferry_position` > t.`_ferry_position` AND s.`_ferry_op` = 'D' THEN DELETE",
            "WHEN MATCHED AND s.`_ferry_position` > t.`_ferry_position` AND s.`_ferry_op` <> 'D' THEN UPDATE SET `amount` = s.`amount`, `_ferry_position` = s.`_ferry_position`, `_ferry_file` = s.`_ferry_file`",
            "WHEN NOT MATCHED AND s.`_ferry_op` <> 'D' AND (s.`_ferry_tombstone_position` IS NULL OR s.`_ferry_position` > s.`_ferry_tombstone_position`) THEN INSERT (`tenant`, `id`, `amount`, `_ferry_position`, `_ferry_file`)",
            'VALUES (s.`tenant`, s.`id`, s.`amount`, s.`_ferry_position`, s.`_ferry_file`)',
          ].join('\n'),
        ],
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
      snowflake: [
        [
          'MERGE INTO "raw"."_ferry_tombstones_orders" AS t',
          `USING (SELECT "tenant", "id", "_ferry_position" FROM "_ferry_batch_orders" WHERE "_ferry_op" = 'D') AS s`,
          'ON t."tenant" = s."tenant" AND t."id" = s."id"',
          'WHEN MATCHED AND s."_ferry_position" > t."_ferry_position" THEN UPDATE SET "_ferry_position" = s."_ferry_position"',
          'WHEN NOT MATCHED THEN INSERT ("tenant", "id", "_ferry_position") VALUES (s."tenant", s."id", s."_ferry_position")',
        ].join('\n'),
        [
          'DELETE FROM "raw"."orders" AS t WHERE EXISTS (',
          `SELECT 1 FROM "_ferry_batch_orders" AS s WHERE s."tenant" = t."tenant" AND s."id" = t."id" AND s."_ferry_op" = 'D' AND s."_ferry_position" > t."_ferry_position")`,
        ].join('\n'),
        [
          'MERGE INTO "raw"."orders" AS t',
          'USING (SELECT s.*, b."_ferry_position" AS "_ferry_tombstone_position" FROM "_ferry_batch_orders" AS s LEFT JOIN "raw"."_ferry_tombstones_orders" AS b ON b."tenant" = s."tenant" AND b."id" = s."id") AS s',
          'ON t."tenant" = s."tenant" AND t."id" = s."id"',
          `WHEN MATCHED AND s."_ferry_position" > t."_ferry_position" AND s."_ferry_op" <> 'D' THEN UPDATE SET "amount" = s."amount", "_ferry_position" = s."_ferry_position", "_ferry_file" = s."_ferry_file"`,
          `WHEN NOT MATCHED AND s."_ferry_op" <> 'D' AND (s."_ferry_tombstone_position" IS NULL OR s."_ferry_position" > s."_ferry_tombstone_position") THEN INSERT ("tenant", "id", "amount", "_ferry_position", "_ferry_file")`,
          'VALUES (s."tenant", s."id", s."amount", s."_ferry_position", s."_ferry_file")',
        ].join('\n'),
      ],
      bigquery: [
        [
          'MERGE INTO `raw`.`_ferry_tombstones_orders` AS t',
          "USING (SELECT `tenant`, `id`, `_ferry_position` FROM `_ferry_batch_orders` WHERE `_ferry_op` = 'D') AS s",
          'ON t.`tenant` = s.`tenant` AND t.`id` = s.`id`',
          'WHEN MATCHED AND s.`_ferry_position` > t.`_ferry_position` THEN UPDATE SET `_ferry_position` = s.`_ferry_position`',
          'WHEN NOT MATCHED THEN INSERT (`tenant`, `id`, `_ferry_position`) VALUES (s.`tenant`, s.`id`, s.`_ferry_position`)',
        ].join('\n'),
        [
          'DELETE FROM `raw`.`orders` AS t WHERE EXISTS (',
          "SELECT 1 FROM `_ferry_batch_orders` AS s WHERE s.`tenant` = t.`tenant` AND s.`id` = t.`id` AND s.`_ferry_op` = 'D' AND s.`_ferry_position` > t.`_ferry_position`)",
        ].join('\n'),
        [
          'MERGE INTO `raw`.`orders` AS t',
          'USING (SELECT s.*, b.`_ferry_position` AS `_ferry_tombstone_position` FROM `_ferry_batch_orders` AS s LEFT JOIN `raw`.`_ferry_tombstones_orders` AS b ON b.`tenant` = s.`tenant` AND b.`id` = s.`id`) AS s',
          'ON t.`tenant` = s.`tenant` AND t.`id` = s.`id`',
          "WHEN MATCHED AND s.`_ferry_position` > t.`_ferry_position` AND s.`_ferry_op` <> 'D' THEN UPDATE SET `amount` = s.`amount`, `_ferry_position` = s.`_ferry_position`, `_ferry_file` = s.`_ferry_file`",
          "WHEN NOT MATCHED AND s.`_ferry_op` <> 'D' AND (s.`_ferry_tombstone_position` IS NULL OR s.`_ferry_position` > s.`_ferry_tombstone_position`) THEN INSERT (`tenant`, `id`, `amount`, `_ferry_position`, `_ferry_file`)",
          'VALUES (s.`tenant`, s.`id`, s.`amount`, s.`_ferry_position`, s.`_ferry_file`)',
        ].join('\n'),
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
      snowflake: [
        'CREATE TABLE IF NOT EXISTS "raw"."orders" ("tenant" VARCHAR NOT NULL, "id" NUMBER(20,0) NOT NULL, "amount" NUMBER(38,4), "_ferry_deleted" BOOLEAN NOT NULL, "_ferry_position" VARCHAR NOT NULL, "_ferry_file" VARCHAR NOT NULL)',
        [
          'CREATE OR REPLACE VIEW "raw"."orders_live" AS',
          'SELECT "tenant", "id", "amount", "_ferry_position", "_ferry_file" FROM "raw"."orders" WHERE NOT "_ferry_deleted"',
        ].join('\n'),
      ],
      bigquery: [
        'CREATE TABLE IF NOT EXISTS `raw`.`orders` (`tenant` STRING NOT NULL, `id` NUMERIC(20,0) NOT NULL, `amount` BIGNUMERIC(38,4), `_ferry_deleted` BOOL NOT NULL, `_ferry_position` STRING NOT NULL, `_ferry_file` STRING NOT NULL)',
        [
          'CREATE OR REPLACE VIEW `raw`.`orders_live` AS',
          'SELECT `tenant`, `id`, `amount`, `_ferry_position`, `_ferry_file` FROM `raw`.`orders` WHERE NOT `_ferry_deleted`',
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
      snowflake: [
        'CREATE TABLE IF NOT EXISTS "raw"."orders" ("tenant" VARCHAR NOT NULL, "id" NUMBER(20,0) NOT NULL, "amount" NUMBER(38,4), "_ferry_position" VARCHAR NOT NULL, "_ferry_file" VARCHAR NOT NULL)',
        'CREATE TABLE IF NOT EXISTS "raw"."_ferry_tombstones_orders" ("tenant" VARCHAR NOT NULL, "id" NUMBER(20,0) NOT NULL, "_ferry_position" VARCHAR NOT NULL)',
      ],
      bigquery: [
        'CREATE TABLE IF NOT EXISTS `raw`.`orders` (`tenant` STRING NOT NULL, `id` NUMERIC(20,0) NOT NULL, `amount` BIGNUMERIC(38,4), `_ferry_position` STRING NOT NULL, `_ferry_file` STRING NOT NULL)',
        'CREATE TABLE IF NOT EXISTS `raw`.`_ferry_tombstones_orders` (`tenant` STRING NOT NULL, `id` NUMERIC(20,0) NOT NULL, `_ferry_position` STRING NOT NULL)',
      ],
    }),
  )('%s creates a hard-delete table and its tombstone table', (_, dialect, expected) => {
    expect(compileCreateTables(hard, dialect)).toEqual(expected);
  });

  it.each(
    eachDialect({
      duckdb: {
        soft: [
          'ALTER TABLE "raw"."orders" ADD COLUMN IF NOT EXISTS "amount" DECIMAL(38,4)',
          [
            'CREATE OR REPLACE VIEW "raw"."orders_live" AS',
            'SELECT "tenant", "id", "amount", "_ferry_position", "_ferry_file" FROM "raw"."orders" WHERE NOT "_ferry_deleted"',
          ].join('\n'),
        ],
        hard: ['ALTER TABLE "raw"."orders" ADD COLUMN IF NOT EXISTS "amount" DECIMAL(38,4)'],
      },
      snowflake: {
        soft: [
          'ALTER TABLE "raw"."orders" ADD COLUMN IF NOT EXISTS "amount" NUMBER(38,4)',
          [
            'CREATE OR REPLACE VIEW "raw"."orders_live" AS',
            'SELECT "tenant", "id", "amount", "_ferry_position", "_ferry_file" FROM "raw"."orders" WHERE NOT "_ferry_deleted"',
          ].join('\n'),
        ],
        hard: ['ALTER TABLE "raw"."orders" ADD COLUMN IF NOT EXISTS "amount" NUMBER(38,4)'],
      },
      bigquery: {
        soft: [
          'ALTER TABLE `raw`.`orders` ADD COLUMN IF NOT EXISTS `amount` BIGNUMERIC(38,4)',
          [
            'CREATE OR REPLACE VIEW `raw`.`orders_live` AS',
            'SELECT `tenant`, `id`, `amount`, `_ferry_position`, `_ferry_file` FROM `raw`.`orders` WHERE NOT `_ferry_deleted`',
          ].join('\n'),
        ],
        hard: ['ALTER TABLE `raw`.`orders` ADD COLUMN IF NOT EXISTS `amount` BIGNUMERIC(38,4)'],
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
      snowflake: {
        soft: 'SELECT "id", "amount" FROM "raw"."orders_live" ORDER BY "tenant", "id"',
        hard: 'SELECT "id", "amount" FROM "raw"."orders" ORDER BY "tenant", "id"',
      },
      bigquery: {
        soft: 'SELECT `id`, `amount` FROM `raw`.`orders_live` ORDER BY `tenant`, `id`',
        hard: 'SELECT `id`, `amount` FROM `raw`.`orders` ORDER BY `tenant`, `id`',
      },
    }),
  )('%s reads live rows in key order', (_, dialect, expected) => {
    expect({
      soft: compileReadLive(soft, dialect, ['id', 'amount']),
      hard: compileReadLive(hard, dialect, ['id', 'amount']),
    }).toEqual(expected);
  });
});

describe('JSON columns (a mapping’s columns.json)', () => {
  const jsonColumns: ColumnSpec[] = [
    { name: 'id', type: { kind: 'int', bits: 32, signed: true } },
    { name: 'payload', type: { kind: 'string', json: true } },
    { name: 'note', type: { kind: 'string' } },
  ];
  const table = (columns: ColumnSpec[], deletes: 'soft' | 'hard') =>
    buildMergePlan({ id: 'a:shop.events', namespace: 'raw', name: 'events', deletes, keyColumns: ['id'] }, columns);
  const asText = jsonColumns.map((c) => ({ name: c.name, type: { kind: 'string' } as ColumnType }));
  asText[0] = jsonColumns[0]!;

  it.each(
    eachDialect({
      duckdb: {
        create:
          'CREATE TABLE IF NOT EXISTS "raw"."events" ("id" INTEGER NOT NULL, "payload" JSON, "note" VARCHAR, "_ferry_deleted" BOOLEAN NOT NULL, "_ferry_position" VARCHAR NOT NULL, "_ferry_file" VARCHAR NOT NULL)',
        add: 'ALTER TABLE "raw"."events" ADD COLUMN IF NOT EXISTS "payload" JSON',
        createStaging:
          'CREATE OR REPLACE TEMP TABLE "_ferry_stage_events" ("id" INTEGER, "payload" VARCHAR, "note" VARCHAR, "_ferry_op" ENUM(\'I\', \'U\', \'D\'), "_ferry_position" VARCHAR, "_ferry_file" VARCHAR)',
        dedupe: [
          'CREATE OR REPLACE TEMP TABLE "_ferry_batch_events" AS SELECT * REPLACE (CAST("payload" AS JSON) AS "payload") FROM "_ferry_stage_events"',
          'QUALIFY ROW_NUMBER() OVER (PARTITION BY "id" ORDER BY "_ferry_position" DESC, "_ferry_file" DESC) = 1',
        ].join('\n'),
        read: 'SELECT "id", CAST("payload" AS VARCHAR) AS "payload", "note" FROM "raw"."events_live" ORDER BY "id"',
        json: { keepsText: true, exactDecimals: undefined },
      },
      snowflake: {
        create:
          'CREATE TABLE IF NOT EXISTS "raw"."events" ("id" NUMBER(10,0) NOT NULL, "payload" VARIANT, "note" VARCHAR, "_ferry_deleted" BOOLEAN NOT NULL, "_ferry_position" VARCHAR NOT NULL, "_ferry_file" VARCHAR NOT NULL)',
        add: 'ALTER TABLE "raw"."events" ADD COLUMN IF NOT EXISTS "payload" VARIANT',
        createStaging:
          'CREATE OR REPLACE TEMPORARY TABLE "_ferry_stage_events" ("id" NUMBER(10,0), "payload" VARCHAR, "note" VARCHAR, "_ferry_op" VARCHAR(1), "_ferry_position" VARCHAR, "_ferry_file" VARCHAR)',
        dedupe: [
          'CREATE OR REPLACE TEMPORARY TABLE "_ferry_batch_events" AS SELECT * REPLACE (PARSE_JSON("payload") AS "payload") FROM "_ferry_stage_events"',
          'QUALIFY ROW_NUMBER() OVER (PARTITION BY "id" ORDER BY "_ferry_position" DESC, "_ferry_file" DESC) = 1',
        ].join('\n'),
        read: 'SELECT "id", TO_JSON("payload") AS "payload", "note" FROM "raw"."events_live" ORDER BY "id"',
        json: { keepsText: false, exactDecimals: { digits: 38, scale: 37 } },
      },
      bigquery: {
        create:
          'CREATE TABLE IF NOT EXISTS `raw`.`events` (`id` INT64 NOT NULL, `payload` JSON, `note` STRING, `_ferry_deleted` BOOL NOT NULL, `_ferry_position` STRING NOT NULL, `_ferry_file` STRING NOT NULL)',
        add: 'ALTER TABLE `raw`.`events` ADD COLUMN IF NOT EXISTS `payload` JSON',
        createStaging:
          'CREATE OR REPLACE TEMP TABLE `_ferry_stage_events` (`id` INT64, `payload` STRING, `note` STRING, `_ferry_op` STRING, `_ferry_position` STRING, `_ferry_file` STRING)',
        dedupe: [
          'CREATE OR REPLACE TEMP TABLE `_ferry_batch_events` AS SELECT * REPLACE (PARSE_JSON(`payload`) AS `payload`) FROM `_ferry_stage_events`',
          'QUALIFY ROW_NUMBER() OVER (PARTITION BY `id` ORDER BY `_ferry_position` DESC, `_ferry_file` DESC) = 1',
        ].join('\n'),
        read: 'SELECT `id`, TO_JSON_STRING(`payload`) AS `payload`, `note` FROM `raw`.`events_live` ORDER BY `id`',
        json: { keepsText: false, exactDecimals: undefined },
      },
    }),
  )(
    '%s: the JSON type in the table, text in staging, parsed once in the dedupe, read back as JSON text',
    (_, dialect, expected) => {
      const plan = table(jsonColumns, 'soft');
      const merge = compileMerge(plan, dialect);
      expect({
        create: compileCreateTables(plan, dialect)[0],
        add: compileAddColumns(plan, dialect, ['payload'])[0],
        createStaging: merge.createStaging,
        dedupe: merge.dedupe,
        read: compileReadLive(plan, dialect, ['id', 'payload', 'note']),
        json: dialect.capabilities.json,
      }).toEqual(expected);
      // Past the dedupe nothing knows about JSON: classify, tombstones and MERGE are those of a table of text.
      for (const deletes of ['soft', 'hard'] as const) {
        const withJson = compileMerge(table(jsonColumns, deletes), dialect);
        const withText = compileMerge(table(asText, deletes), dialect);
        expect([withJson.classify, withJson.apply, withJson.dropTemp]).toEqual([
          withText.classify,
          withText.apply,
          withText.dropTemp,
        ]);
        expect(withJson.createStaging).toBe(withText.createStaging);
      }
    },
  );

  it('refuses a JSON key column (warehouses compare, partition and join on keys)', () => {
    expect(() => table([{ name: 'id', type: { kind: 'string', json: true } }], 'soft')).toThrow(
      'a:shop.events: key column "id" cannot be a JSON column',
    );
  });
});

it.each(
  eachDialect({
    duckdb: {
      setup: [
        'CREATE SCHEMA IF NOT EXISTS "raw"',
        'CREATE TABLE IF NOT EXISTS "raw"."_ferry_ledger" ("table_id" VARCHAR NOT NULL, "file_key" VARCHAR NOT NULL, "rows" BIGINT NOT NULL, "committed_at" TIMESTAMPTZ NOT NULL)',
        'CREATE TABLE IF NOT EXISTS "raw"."_ferry_columns" ("table_name" VARCHAR NOT NULL, "column_name" VARCHAR NOT NULL, "column_type" JSON NOT NULL, "ordinal" INTEGER NOT NULL)',
        // The status view over the namespace's one ledger (docs/operations.md, "Table status").
        'CREATE VIEW IF NOT EXISTS "raw"."ferry_table_status" AS SELECT "table_id", "file_key" AS "last_file", "committed_at" AS "last_committed_at", SUM(CASE WHEN "committed_at" > CURRENT_TIMESTAMP - INTERVAL \'1 HOUR\' THEN 1 ELSE 0 END) OVER (PARTITION BY "table_id") AS "files_last_hour", SUM(CASE WHEN "committed_at" > CURRENT_TIMESTAMP - INTERVAL \'24 HOUR\' THEN 1 ELSE 0 END) OVER (PARTITION BY "table_id") AS "files_last_day", SUM(CASE WHEN "committed_at" > CURRENT_TIMESTAMP - INTERVAL \'1 HOUR\' THEN "rows" ELSE 0 END) OVER (PARTITION BY "table_id") AS "rows_last_hour", SUM(CASE WHEN "committed_at" > CURRENT_TIMESTAMP - INTERVAL \'24 HOUR\' THEN "rows" ELSE 0 END) OVER (PARTITION BY "table_id") AS "rows_last_day" FROM "raw"."_ferry_ledger" QUALIFY ROW_NUMBER() OVER (PARTITION BY "table_id" ORDER BY "committed_at" DESC, "file_key" DESC) = 1',
      ],
      committedFiles:
        'SELECT "table_id", "file_key" FROM "raw"."_ferry_ledger" WHERE "table_id" IN ($1) AND "file_key" IN ($2, $3)',
      committedFilesOfTwoEntries:
        'SELECT "table_id", "file_key" FROM "raw"."_ferry_ledger" WHERE "table_id" IN ($1, $2) AND "file_key" IN ($3, $4, $5)',
      committedSince:
        'SELECT COUNT(*) FROM "raw"."_ferry_ledger" WHERE "committed_at" > CAST($1 AS TIMESTAMPTZ) AND "table_id" IN ($2, $3)',
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
    snowflake: {
      setup: [
        'CREATE SCHEMA IF NOT EXISTS "raw"',
        'CREATE TABLE IF NOT EXISTS "raw"."_ferry_ledger" ("table_id" VARCHAR NOT NULL, "file_key" VARCHAR NOT NULL, "rows" NUMBER(19,0) NOT NULL, "committed_at" TIMESTAMP_TZ(6) NOT NULL)',
        'CREATE TABLE IF NOT EXISTS "raw"."_ferry_columns" ("table_name" VARCHAR NOT NULL, "column_name" VARCHAR NOT NULL, "column_type" VARIANT NOT NULL, "ordinal" NUMBER(10,0) NOT NULL)',
        // The status view over the namespace's one ledger (docs/operations.md, "Table status").
        'CREATE VIEW IF NOT EXISTS "raw"."ferry_table_status" AS SELECT "table_id", "file_key" AS "last_file", "committed_at" AS "last_committed_at", SUM(CASE WHEN "committed_at" > CURRENT_TIMESTAMP - INTERVAL \'1 HOUR\' THEN 1 ELSE 0 END) OVER (PARTITION BY "table_id") AS "files_last_hour", SUM(CASE WHEN "committed_at" > CURRENT_TIMESTAMP - INTERVAL \'24 HOUR\' THEN 1 ELSE 0 END) OVER (PARTITION BY "table_id") AS "files_last_day", SUM(CASE WHEN "committed_at" > CURRENT_TIMESTAMP - INTERVAL \'1 HOUR\' THEN "rows" ELSE 0 END) OVER (PARTITION BY "table_id") AS "rows_last_hour", SUM(CASE WHEN "committed_at" > CURRENT_TIMESTAMP - INTERVAL \'24 HOUR\' THEN "rows" ELSE 0 END) OVER (PARTITION BY "table_id") AS "rows_last_day" FROM "raw"."_ferry_ledger" QUALIFY ROW_NUMBER() OVER (PARTITION BY "table_id" ORDER BY "committed_at" DESC, "file_key" DESC) = 1',
      ],
      committedFiles:
        'SELECT "table_id", "file_key" FROM "raw"."_ferry_ledger" WHERE "table_id" IN (:1) AND "file_key" IN (:2, :3)',
      committedFilesOfTwoEntries:
        'SELECT "table_id", "file_key" FROM "raw"."_ferry_ledger" WHERE "table_id" IN (:1, :2) AND "file_key" IN (:3, :4, :5)',
      committedSince:
        'SELECT COUNT(*) FROM "raw"."_ferry_ledger" WHERE "committed_at" > CAST(:1 AS TIMESTAMP_TZ(6)) AND "table_id" IN (:2, :3)',
      recordFiles: [
        'INSERT INTO "raw"."_ferry_ledger" ("table_id", "file_key", "rows", "committed_at")',
        'SELECT CAST(:1 AS VARCHAR), CAST(:2 AS VARCHAR), CAST(:3 AS NUMBER(19,0)), CURRENT_TIMESTAMP',
        'UNION ALL SELECT CAST(:4 AS VARCHAR), CAST(:5 AS VARCHAR), CAST(:6 AS NUMBER(19,0)), CURRENT_TIMESTAMP',
      ].join('\n'),
      registeredColumns:
        'SELECT "column_name", TO_JSON("column_type") AS "column_type" FROM "raw"."_ferry_columns" WHERE "table_name" = :1 ORDER BY "ordinal"',
      registerColumns: [
        'INSERT INTO "raw"."_ferry_columns" ("table_name", "column_name", "column_type", "ordinal")',
        'SELECT CAST(:1 AS VARCHAR), CAST(:2 AS VARCHAR), PARSE_JSON(CAST(:3 AS VARCHAR)), CAST(:4 AS NUMBER(10,0))',
      ].join('\n'),
    },
    bigquery: {
      setup: [
        'CREATE SCHEMA IF NOT EXISTS `raw`',
        // One ledger per target table (capabilities.ledgerPerTable): 1,500 modifications per table per day.
        'CREATE TABLE IF NOT EXISTS `raw`.`_ferry_ledger_orders` (`table_id` STRING NOT NULL, `file_key` STRING NOT NULL, `rows` INT64 NOT NULL, `committed_at` TIMESTAMP NOT NULL)',
        'CREATE TABLE IF NOT EXISTS `raw`.`_ferry_columns` (`table_name` STRING NOT NULL, `column_name` STRING NOT NULL, `column_type` JSON NOT NULL, `ordinal` INT64 NOT NULL)',
      ],
      committedFiles:
        'SELECT `table_id`, `file_key` FROM `raw`.`_ferry_ledger_orders` WHERE `table_id` IN (@p1) AND `file_key` IN (@p2, @p3)',
      committedFilesOfTwoEntries:
        'SELECT `table_id`, `file_key` FROM `raw`.`_ferry_ledger_orders` WHERE `table_id` IN (@p1, @p2) AND `file_key` IN (@p3, @p4, @p5)',
      committedSince:
        'SELECT COUNT(*) FROM `raw`.`_ferry_ledger_orders` WHERE `committed_at` > CAST(@p1 AS TIMESTAMP) AND `table_id` IN (@p2, @p3)',
      recordFiles: [
        'INSERT INTO `raw`.`_ferry_ledger_orders` (`table_id`, `file_key`, `rows`, `committed_at`)',
        'SELECT CAST(@p1 AS STRING), CAST(@p2 AS STRING), CAST(@p3 AS INT64), CURRENT_TIMESTAMP',
        'UNION ALL SELECT CAST(@p4 AS STRING), CAST(@p5 AS STRING), CAST(@p6 AS INT64), CURRENT_TIMESTAMP',
      ].join('\n'),
      registeredColumns:
        'SELECT `column_name`, TO_JSON_STRING(`column_type`) AS `column_type` FROM `raw`.`_ferry_columns` WHERE `table_name` = @p1 ORDER BY `ordinal`',
      registerColumns: [
        'INSERT INTO `raw`.`_ferry_columns` (`table_name`, `column_name`, `column_type`, `ordinal`)',
        'SELECT CAST(@p1 AS STRING), CAST(@p2 AS STRING), PARSE_JSON(CAST(@p3 AS STRING)), CAST(@p4 AS INT64)',
      ].join('\n'),
    },
  }),
)('%s compiles the ledger and column registry with bound values only', (_, dialect, expected) => {
  const sql = compileBookkeeping('raw', dialect, 'orders');
  expect({
    setup: sql.setup,
    committedFiles: sql.committedFiles(2),
    committedFilesOfTwoEntries: sql.committedFiles(3, 2),
    committedSince: sql.committedSince(2),
    recordFiles: sql.recordFiles(2),
    registeredColumns: sql.registeredColumns,
    registerColumns: sql.registerColumns(1),
  }).toEqual(expected);
  expect(() => sql.recordFiles(0)).toThrow(RangeError);
  expect(() => sql.committedFiles(1, 0)).toThrow(RangeError);
  expect(() => sql.committedSince(0)).toThrow(RangeError);
});

it.each(
  eachDialect({
    duckdb: { ledgerPerTable: false, withoutTable: '"raw"."_ferry_ledger"' },
    snowflake: { ledgerPerTable: false, withoutTable: '"raw"."_ferry_ledger"' },
    bigquery: { ledgerPerTable: true, withoutTable: RangeError },
  }),
)('%s: a ledger per target table or per namespace, and the table name checked', (_, dialect, expected) => {
  expect(dialect.capabilities.ledgerPerTable).toBe(expected.ledgerPerTable);
  const compile = () => compileBookkeeping('raw', dialect).setup[1];
  if (typeof expected.withoutTable === 'string')
    expect(compile()).toContain(`TABLE IF NOT EXISTS ${expected.withoutTable} (`);
  else expect(compile).toThrow(expected.withoutTable);
  expect(() => compileBookkeeping('raw', dialect, 'or"ders')).toThrow(FerryError);
});
