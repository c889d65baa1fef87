import { generateKeyPairSync } from 'node:crypto';
import {
  ChangeOp,
  type ColumnSpec,
  type FileChanges,
  POSITION_LENGTH,
  type SinkTable,
  type TableChanges,
} from '@ferry/core';
import { type SnowflakeStandIn, startSnowflakeStandIn } from '@ferry/testkit';
import { SnowflakeWarehouse } from '@ferry/warehouse/snowflake';
import snowflake from 'snowflake-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snowflakeMergeStatements, snowflakeStagingStatements } from '../src/index.js';

// The planner's statement count per Snowflake merge, checked against what the real SnowflakeWarehouse (the
// shared mergeFiles flow, through snowflake-sdk) sends to the testkit stand-in, which records every statement.

snowflake.configure({ logLevel: 'OFF', disableOCSPChecks: true });

const { publicKey, privateKey } = (() => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
})();

const COLUMNS: ColumnSpec[] = [
  { name: 'id', type: { kind: 'int', bits: 64, signed: true } },
  { name: 'name', type: { kind: 'string' } },
  { name: 'amount', type: { kind: 'decimal', precision: 12, scale: 2 } },
];
/** Staged row width: the data columns plus op, position, file key; 60 values → 10 rows per INSERT. */
const BINDS_PER_INSERT = 60;

function position(n: number): string {
  return `1${String(n).padStart(POSITION_LENGTH - 1, '0')}`;
}

/** A file of `count` changes to ids `first…`, every fifth a delete, at positions after `at`. */
function file(fileKey: string, first: number, count: number, at: number): FileChanges {
  const ids = Array.from({ length: count }, (_, i) => first + i);
  const chunk: TableChanges = {
    columns: COLUMNS,
    keyColumns: ['id'],
    values: [ids.map((id) => BigInt(id)), ids.map((id) => `name ${id}`), ids.map((id) => `${id}.25`)],
    ops: ids.map((_, i) => (i % 5 === 4 ? ChangeOp.Delete : ChangeOp.Update)),
    positions: ids.map((_, i) => position(at + i)),
    rowCount: count,
  };
  return {
    fileKey,
    columns: COLUMNS,
    async *chunks() {
      yield chunk;
    },
  };
}

let standIn: SnowflakeStandIn;
const open: SnowflakeWarehouse[] = [];

beforeAll(async () => {
  standIn = await startSnowflakeStandIn({ publicKey });
});

afterAll(async () => {
  for (const warehouse of open) await warehouse.close();
  await standIn?.stop();
});

async function connect(staging: 'binds' | 'copy'): Promise<SnowflakeWarehouse> {
  const warehouse = await SnowflakeWarehouse.open({
    account: standIn.account,
    accessUrl: standIn.accessUrl,
    username: standIn.username,
    privateKey,
    database: standIn.database,
    schema: standIn.schema,
    staging,
    bindsPerInsert: BINDS_PER_INSERT,
  });
  open.push(warehouse);
  return warehouse;
}

describe('the Snowflake statements of one merge (snowflakeMergeStatements)', () => {
  for (const staging of ['binds', 'copy'] as const) {
    for (const deletes of ['soft', 'hard'] as const) {
      it(`are the statements SnowflakeWarehouse sends for a batch into an existing table (staging ${staging}, ${deletes} deletes)`, async () => {
        const warehouse = await connect(staging);
        const table: SinkTable = {
          id: `brand-a:shop.orders_${staging}_${deletes}`,
          namespace: `plan_${staging}_${deletes}`,
          name: 'orders',
          deletes,
          keyColumns: ['id'],
        };
        // The first batch creates the tables (and, with copy, the session's stage): not the steady state counted.
        await warehouse.applyFiles(table, [file('dms/brand-a/shop/orders/LOAD00000001.parquet', 1, 5, 1)]);

        const before = standIn.statements.length;
        const result = await warehouse.applyFiles(table, [
          file('dms/brand-a/shop/orders/20240101-000100000.parquet', 1, 12, 100),
          file('dms/brand-a/shop/orders/20240101-000200000.parquet', 8, 13, 200),
        ]);
        const sent = standIn.statements.slice(before);

        expect(result.filesCommitted).toHaveLength(2);
        expect(result.rows).toBe(25);
        const stagingStatements = snowflakeStagingStatements(staging, 25, COLUMNS.length, BINDS_PER_INSERT);
        const planned = snowflakeMergeStatements(deletes, stagingStatements);
        expect(sent).toHaveLength(planned.reduce((n, s) => n + s.count, 0));
        if (staging === 'binds') {
          expect(stagingStatements[0]!.count).toBe(3);
          expect(sent.filter((sql) => /^INSERT INTO "_ferry_stage_orders"/.test(sql))).toHaveLength(3);
        } else {
          expect(sent.filter((sql) => /^(PUT|COPY INTO) /.test(sql))).toHaveLength(2);
        }
        expect(sent.filter((sql) => /^MERGE INTO/.test(sql))).toHaveLength(deletes === 'hard' ? 2 : 1);
      });
    }
  }
});
