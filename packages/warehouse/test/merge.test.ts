import type { ColumnSpec, Sink } from '@ferry/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DialectName } from '../src/index.js';
import { fileOf, tableOf } from './support/changes.js';
import { dialects } from './support/dialects.js';
import { openOn } from './support/openOn.js';

const columns: ColumnSpec[] = [
  { name: 'id', type: { kind: 'int', bits: 64, signed: true } },
  { name: 'name', type: { kind: 'string' } },
];

// The same behaviour on every dialect: DuckDB itself, Snowflake's and BigQuery's SQL translated onto DuckDB.
describe.each(Object.entries(dialects) as [DialectName, (typeof dialects)[DialectName]][])('%s', (name, dialect) => {
  // BigQuery keeps a ledger per target table (1,500 modifications per table per day); the others one per namespace.
  const ledgerTable = (
    { duckdb: 'raw._ferry_ledger', snowflake: 'raw._ferry_ledger', bigquery: 'raw._ferry_ledger_orders' } as const
  )[name];
  let warehouse: Sink;
  beforeEach(async () => {
    warehouse = await openOn(dialect);
  });
  afterEach(async () => {
    await warehouse.close();
  });

  describe.each(['soft', 'hard'] as const)('merge with %s deletes', (deletes) => {
    const table = tableOf('orders', deletes);
    const read = () => warehouse.readRows(table, columns);

    it('keeps the newest change per key when one file repeats a key (I, U, U, D)', async () => {
      const result = await warehouse.applyFiles(table, [
        fileOf('cdc/1.parquet', columns, [
          { op: 'I', at: 1, row: { id: 1n, name: 'a' } },
          { op: 'U', at: 2, row: { id: 1n, name: 'b' } },
          { op: 'I', at: 3, row: { id: 2n, name: 'x' } },
          { op: 'U', at: 4, row: { id: 1n, name: 'c' } },
          { op: 'U', at: 5, row: { id: 2n, name: 'y' } },
          { op: 'D', at: 6, row: { id: 1n, name: 'c' } },
        ]),
      ]);
      expect(await read()).toEqual([{ id: '2', name: 'y' }]);
      expect(result).toEqual({
        filesCommitted: ['cdc/1.parquet'],
        filesAlreadyApplied: [],
        rows: 6,
        inserted: 1,
        updated: 0,
        deleted: 1,
        // the four changes superseded inside the file
        stale: 4,
      });
    });

    it('refuses an update older than the stored row (stale) and counts it', async () => {
      await warehouse.applyFiles(table, [
        fileOf('cdc/2.parquet', columns, [{ op: 'U', at: 20, row: { id: 1n, name: 'new' } }]),
      ]);
      const result = await warehouse.applyFiles(table, [
        fileOf('cdc/1.parquet', columns, [
          { op: 'I', at: 10, row: { id: 1n, name: 'old' } },
          { op: 'I', at: 11, row: { id: 2n, name: 'other' } },
        ]),
      ]);
      expect(await read()).toEqual([
        { id: '1', name: 'new' },
        { id: '2', name: 'other' },
      ]);
      expect(result).toMatchObject({ rows: 2, inserted: 1, updated: 0, deleted: 0, stale: 1 });
    });

    it('applies a newer update to a stored row and counts it as updated', async () => {
      await warehouse.applyFiles(table, [
        fileOf('cdc/1.parquet', columns, [{ op: 'I', at: 1, row: { id: 1n, name: 'a' } }]),
      ]);
      const result = await warehouse.applyFiles(table, [
        fileOf('cdc/2.parquet', columns, [{ op: 'U', at: 2, row: { id: 1n, name: 'b' } }]),
      ]);
      expect(await read()).toEqual([{ id: '1', name: 'b' }]);
      expect(result).toMatchObject({ inserted: 0, updated: 1, deleted: 0, stale: 0 });
    });

    it('does not resurrect a deleted row when an older insert arrives late', async () => {
      await warehouse.applyFiles(table, [
        fileOf('cdc/1.parquet', columns, [{ op: 'I', at: 1, row: { id: 1n, name: 'a' } }]),
      ]);
      await warehouse.applyFiles(table, [
        fileOf('cdc/3.parquet', columns, [{ op: 'D', at: 30, row: { id: 1n, name: 'a' } }]),
      ]);
      expect(await read()).toEqual([]);
      const late = await warehouse.applyFiles(table, [
        fileOf('cdc/2.parquet', columns, [{ op: 'U', at: 20, row: { id: 1n, name: 'late' } }]),
      ]);
      expect(await read()).toEqual([]);
      expect(late).toMatchObject({ inserted: 0, updated: 0, stale: 1 });
      // An insert equal to the delete's position is not newer either.
      await warehouse.applyFiles(table, [
        fileOf('cdc/3b.parquet', columns, [{ op: 'I', at: 30, row: { id: 1n, name: 'tie' } }]),
      ]);
      expect(await read()).toEqual([]);
    });

    it('keeps a delete that arrives before the insert it follows (unknown key), so the insert cannot land', async () => {
      const first = await warehouse.applyFiles(table, [
        fileOf('cdc/2.parquet', columns, [{ op: 'D', at: 20, row: { id: 7n, name: 'gone' } }]),
      ]);
      expect(first).toMatchObject({ deleted: 1 });
      const late = await warehouse.applyFiles(table, [
        fileOf('LOAD00000001.parquet', columns, [{ op: 'I', at: 1, row: { id: 7n, name: 'gone' } }]),
      ]);
      expect(late).toMatchObject({ inserted: 0, stale: 1 });
      expect(await read()).toEqual([]);
    });

    it('lets a newer insert bring a deleted key back', async () => {
      await warehouse.applyFiles(table, [
        fileOf('cdc/1.parquet', columns, [
          { op: 'I', at: 1, row: { id: 1n, name: 'a' } },
          { op: 'D', at: 2, row: { id: 1n, name: 'a' } },
        ]),
      ]);
      const again = await warehouse.applyFiles(table, [
        fileOf('cdc/2.parquet', columns, [{ op: 'I', at: 3, row: { id: 1n, name: 'again' } }]),
      ]);
      expect(again).toMatchObject({ inserted: 1, updated: 0 });
      expect(await read()).toEqual([{ id: '1', name: 'again' }]);
    });

    it('skips files already in the ledger, so re-applying changes nothing', async () => {
      const files = [
        fileOf('cdc/1.parquet', columns, [{ op: 'I', at: 1, row: { id: 1n, name: 'a' } }]),
        fileOf('cdc/2.parquet', columns, [{ op: 'U', at: 2, row: { id: 1n, name: 'b' } }]),
      ];
      await warehouse.applyFiles(table, files);
      const before = await warehouse.query(`SELECT * FROM raw.orders ORDER BY id`);
      const again = await warehouse.applyFiles(table, [...files, files[0]!]);
      expect(again).toEqual({
        filesCommitted: [],
        filesAlreadyApplied: ['cdc/1.parquet', 'cdc/2.parquet', 'cdc/1.parquet'],
        rows: 0,
        inserted: 0,
        updated: 0,
        deleted: 0,
        stale: 0,
      });
      expect(await warehouse.query(`SELECT * FROM raw.orders ORDER BY id`)).toEqual(before);
      const ledger = await warehouse.query(`SELECT table_id, file_key, "rows" FROM ${ledgerTable} ORDER BY file_key`);
      expect(ledger.rows).toEqual([
        ['test:shop.orders', 'cdc/1.parquet', '1'],
        ['test:shop.orders', 'cdc/2.parquet', '1'],
      ]);
    });

    it('applies only the new file of a call that mixes applied and new files', async () => {
      const one = fileOf('cdc/1.parquet', columns, [{ op: 'I', at: 1, row: { id: 1n, name: 'a' } }]);
      await warehouse.applyFiles(table, [one]);
      const result = await warehouse.applyFiles(table, [
        one,
        fileOf('cdc/2.parquet', columns, [{ op: 'I', at: 2, row: { id: 2n, name: 'b' } }]),
      ]);
      expect(result).toMatchObject({
        filesCommitted: ['cdc/2.parquet'],
        filesAlreadyApplied: ['cdc/1.parquet'],
        rows: 1,
      });
      expect(await read()).toEqual([
        { id: '1', name: 'a' },
        { id: '2', name: 'b' },
      ]);
    });

    it('merges two files of one call as one batch, the newer position winning whatever the file order', async () => {
      const result = await warehouse.applyFiles(table, [
        fileOf('cdc/2.parquet', columns, [{ op: 'U', at: 20, row: { id: 1n, name: 'second' } }]),
        fileOf('cdc/1.parquet', columns, [
          { op: 'I', at: 10, row: { id: 1n, name: 'first' } },
          { op: 'I', at: 11, row: { id: 2n, name: 'b' } },
        ]),
      ]);
      expect(result).toMatchObject({ filesCommitted: ['cdc/2.parquet', 'cdc/1.parquet'], rows: 3, inserted: 2 });
      expect(await read()).toEqual([
        { id: '1', name: 'second' },
        { id: '2', name: 'b' },
      ]);
    });

    it('stages a file whose rows span several row groups and DuckDB chunks', async () => {
      const changes = Array.from({ length: 5000 }, (_, i) => ({
        op: 'I' as const,
        at: i + 1,
        row: { id: BigInt(i % 3000), name: `v${i}` },
      }));
      const result = await warehouse.applyFiles(table, [
        fileOf('LOAD00000001.parquet', columns, changes, { chunkRows: 2100 }),
      ]);
      expect(result).toMatchObject({ rows: 5000, inserted: 3000 });
      const rows = await read();
      expect(rows).toHaveLength(3000);
      expect(rows[0]).toEqual({ id: '0', name: 'v3000' });
      expect(rows[2999]).toEqual({ id: '2999', name: 'v2999' });
    });
  });

  it('shows soft-deleted rows to nobody who reads the live view, while the table keeps them flagged', async () => {
    const table = tableOf('orders', 'soft');
    await warehouse.applyFiles(table, [
      fileOf('cdc/1.parquet', columns, [
        { op: 'I', at: 1, row: { id: 1n, name: 'a' } },
        { op: 'I', at: 2, row: { id: 2n, name: 'b' } },
        { op: 'D', at: 3, row: { id: 1n, name: 'a' } },
      ]),
    ]);
    expect((await warehouse.query('SELECT id, name FROM raw.orders_live')).rows).toEqual([['2', 'b']]);
    expect((await warehouse.query('SELECT id, _ferry_deleted FROM raw.orders ORDER BY id')).rows).toEqual([
      ['1', true],
      ['2', false],
    ]);
  });

  it('removes hard-deleted rows from the table and keeps a tombstone with the position', async () => {
    const table = tableOf('orders', 'hard');
    await warehouse.applyFiles(table, [
      fileOf('cdc/1.parquet', columns, [
        { op: 'I', at: 1, row: { id: 1n, name: 'a' } },
        { op: 'I', at: 2, row: { id: 2n, name: 'b' } },
        { op: 'D', at: 3, row: { id: 1n, name: 'a' } },
      ]),
    ]);
    expect((await warehouse.query('SELECT id, name FROM raw.orders')).rows).toEqual([['2', 'b']]);
    expect((await warehouse.query('SELECT id, _ferry_position FROM raw._ferry_tombstones_orders')).rows).toEqual([
      ['1', `1${'3'.padStart(65, '0')}`],
    ]);
  });

  it('executes hard deletes as a separate DELETE for a dialect without MERGE delete', async () => {
    const noMergeDelete = await openOn({
      ...dialect,
      capabilities: { ...dialect.capabilities, supportsMergeDelete: false },
    });
    try {
      const table = tableOf('orders', 'hard');
      await noMergeDelete.applyFiles(table, [
        fileOf('cdc/1.parquet', columns, [
          { op: 'I', at: 1, row: { id: 1n, name: 'a' } },
          { op: 'I', at: 2, row: { id: 2n, name: 'b' } },
        ]),
      ]);
      const result = await noMergeDelete.applyFiles(table, [
        fileOf('cdc/2.parquet', columns, [
          { op: 'D', at: 3, row: { id: 1n, name: 'a' } },
          { op: 'U', at: 4, row: { id: 2n, name: 'c' } },
        ]),
      ]);
      expect(result).toMatchObject({ deleted: 1, updated: 1 });
      await noMergeDelete.applyFiles(table, [
        fileOf('cdc/0.parquet', columns, [{ op: 'I', at: 2, row: { id: 1n, name: 'late' } }]),
      ]);
      expect(await noMergeDelete.readRows(table, columns)).toEqual([{ id: '2', name: 'c' }]);
    } finally {
      await noMergeDelete.close();
    }
  });
});
