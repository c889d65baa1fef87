import { type ColumnSpec, FerryError, type FileChanges, type Sink, type SinkTable } from '@ferry/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DialectName } from '../src/index.js';
import { type Change, fileOf } from './support/changes.js';
import { dialects } from './support/dialects.js';
import { openOn } from './support/openOn.js';

// One consolidated table fed by two mapping entries (two sources told apart by a tenant key column), their files
// merged in ONE call (one MERGE), each file in the ledger under its own entry. Every dialect: DuckDB itself,
// Snowflake's and BigQuery's SQL translated onto DuckDB.

const tenant: ColumnSpec = { name: 'brand_id', type: { kind: 'string' } };
const id: ColumnSpec = { name: 'id', type: { kind: 'int', bits: 64, signed: true } };
const name: ColumnSpec = { name: 'name', type: { kind: 'string' } };
const columns = [tenant, id, name];
const A = 'brand-a:shop.orders';
const B = 'brand-b:shop.orders';

/** A file of entry `tableId`; rows get the entry's tenant value. */
function entryFile(tableId: string, fileKey: string, changes: readonly Change[]): FileChanges {
  const brand = tableId === A ? 'a' : 'b';
  const file = fileOf(
    fileKey,
    columns,
    changes.map((c) => ({ ...c, row: { brand_id: brand, ...c.row } })),
    { keyColumns: ['brand_id', 'id'] },
  );
  return { ...file, tableId };
}

// BigQuery keeps a ledger per target table (1,500 modifications per table per day); the others one per namespace.
const ledgers: Record<DialectName, string> = {
  duckdb: 'raw._ferry_ledger',
  snowflake: 'raw._ferry_ledger',
  bigquery: 'raw._ferry_ledger_orders',
};

describe.each(Object.entries(dialects) as [DialectName, (typeof dialects)[DialectName]][])(
  '%s',
  (dialectName, dialect) => {
    let warehouse: Sink;
    beforeEach(async () => {
      warehouse = await openOn(dialect);
    });
    afterEach(async () => {
      await warehouse.close();
    });
    const ledger = async () =>
      (await warehouse.query(`SELECT table_id, file_key, "rows" FROM ${ledgers[dialectName]} ORDER BY file_key`)).rows;

    describe.each(['soft', 'hard'] as const)('%s deletes', (deletes) => {
      // The call names the target; its id is only the default for files that do not name their entry.
      const table: SinkTable = {
        id: `${A}+${B}`,
        namespace: 'raw',
        name: 'orders',
        deletes,
        keyColumns: ['brand_id', 'id'],
      };

      it('merges two entries’ files in one call, counting and recording each file under its own entry', async () => {
        const result = await warehouse.applyFiles(table, [
          entryFile(A, 'dms/a/shop/orders/1.parquet', [
            { op: 'I', at: 1, row: { id: 1n, name: 'a1' } },
            { op: 'I', at: 2, row: { id: 2n, name: 'a2' } },
          ]),
          entryFile(B, 'dms/b/shop/orders/1.parquet', [
            { op: 'I', at: 1, row: { id: 1n, name: 'b1' } },
            { op: 'U', at: 2, row: { id: 1n, name: 'b1 again' } },
            { op: 'D', at: 3, row: { id: 7n, name: null } },
          ]),
          entryFile(B, 'dms/b/shop/orders/2.parquet', [{ op: 'I', at: 4, row: { id: 2n, name: 'b2' } }]),
        ]);
        expect(result).toEqual({
          filesCommitted: ['dms/a/shop/orders/1.parquet', 'dms/b/shop/orders/1.parquet', 'dms/b/shop/orders/2.parquet'],
          filesAlreadyApplied: [],
          rows: 6,
          inserted: 4,
          updated: 0,
          deleted: 1,
          stale: 1,
          byTable: {
            [A]: {
              filesCommitted: ['dms/a/shop/orders/1.parquet'],
              filesAlreadyApplied: [],
              rows: 2,
              inserted: 2,
              updated: 0,
              deleted: 0,
              stale: 0,
            },
            [B]: {
              filesCommitted: ['dms/b/shop/orders/1.parquet', 'dms/b/shop/orders/2.parquet'],
              filesAlreadyApplied: [],
              rows: 4,
              inserted: 2,
              updated: 0,
              deleted: 1,
              // the insert of b/1 superseded by its update in the same file
              stale: 1,
            },
          },
        });
        // The same key in two tenants is two rows.
        expect(await warehouse.readRows(table, columns)).toEqual([
          { brand_id: 'a', id: '1', name: 'a1' },
          { brand_id: 'a', id: '2', name: 'a2' },
          { brand_id: 'b', id: '1', name: 'b1 again' },
          { brand_id: 'b', id: '2', name: 'b2' },
        ]);
        expect(await ledger()).toEqual([
          [A, 'dms/a/shop/orders/1.parquet', '2'],
          [B, 'dms/b/shop/orders/1.parquet', '3'],
          [B, 'dms/b/shop/orders/2.parquet', '1'],
        ]);
      });

      it('skips a file already committed for entry A, delivered again with new files of entry B', async () => {
        const a1 = entryFile(A, 'dms/a/shop/orders/1.parquet', [{ op: 'I', at: 1, row: { id: 1n, name: 'a1' } }]);
        await warehouse.applyFiles(table, [a1]);
        const result = await warehouse.applyFiles(table, [
          a1,
          entryFile(B, 'dms/b/shop/orders/1.parquet', [{ op: 'I', at: 1, row: { id: 1n, name: 'b1' } }]),
          entryFile(B, 'dms/b/shop/orders/2.parquet', [{ op: 'U', at: 2, row: { id: 1n, name: 'b1 new' } }]),
        ]);
        expect(result).toMatchObject({
          filesCommitted: ['dms/b/shop/orders/1.parquet', 'dms/b/shop/orders/2.parquet'],
          filesAlreadyApplied: ['dms/a/shop/orders/1.parquet'],
          rows: 2,
          byTable: {
            [A]: { filesCommitted: [], filesAlreadyApplied: ['dms/a/shop/orders/1.parquet'], rows: 0, inserted: 0 },
            [B]: {
              filesCommitted: ['dms/b/shop/orders/1.parquet', 'dms/b/shop/orders/2.parquet'],
              rows: 2,
              inserted: 1,
            },
          },
        });
        expect(await warehouse.readRows(table, columns)).toEqual([
          { brand_id: 'a', id: '1', name: 'a1' },
          { brand_id: 'b', id: '1', name: 'b1 new' },
        ]);
        expect(await ledger()).toEqual([
          [A, 'dms/a/shop/orders/1.parquet', '1'],
          [B, 'dms/b/shop/orders/1.parquet', '1'],
          [B, 'dms/b/shop/orders/2.parquet', '1'],
        ]);
      });
    });

    const table: SinkTable = {
      id: A,
      namespace: 'raw',
      name: 'orders',
      deletes: 'soft',
      keyColumns: ['brand_id', 'id'],
    };

    it('checks each file against its own entry: a key committed for another entry is not committed for this one', async () => {
      await warehouse.applyFiles(table, [entryFile(A, 'x.parquet', [{ op: 'I', at: 1, row: { id: 1n, name: 'a' } }])]);
      const again = await warehouse.applyFiles(table, [
        entryFile(B, 'x.parquet', [{ op: 'I', at: 1, row: { id: 1n, name: 'b' } }]),
      ]);
      expect(again).toMatchObject({ filesCommitted: ['x.parquet'], filesAlreadyApplied: [], inserted: 1 });
      expect(await ledger()).toEqual([
        [A, 'x.parquet', '1'],
        [B, 'x.parquet', '1'],
      ]);
    });

    it('leaves out the per-entry shares when every file is the call’s own entry’s', async () => {
      const result = await warehouse.applyFiles(table, [
        entryFile(A, 'a.parquet', [{ op: 'I', at: 1, row: { id: 1n, name: 'a' } }]),
      ]);
      expect(result).not.toHaveProperty('byTable');
      expect(result).toMatchObject({ filesCommitted: ['a.parquet'], inserted: 1 });
    });

    it('refuses one file key given for two entries in one call, writing nothing', async () => {
      const attempt = warehouse.applyFiles(table, [
        entryFile(A, 'same.parquet', [{ op: 'I', at: 1, row: { id: 1n, name: 'a' } }]),
        entryFile(B, 'same.parquet', [{ op: 'I', at: 1, row: { id: 1n, name: 'b' } }]),
      ]);
      await expect(attempt).rejects.toThrow(FerryError);
      await expect(attempt).rejects.toThrow(
        `same.parquet is given for two mapping entries, ${A} and ${B}, of raw.orders`,
      );
      expect(await warehouse.readRows(table, columns)).toEqual([]);
    });
  },
);
