import { type ColumnSpec, DmsFileError, SchemaChangeError, type Sink } from '@ferry/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DialectName } from '../src/index.js';
import { fileOf, tableOf } from './support/changes.js';
import { dialects } from './support/dialects.js';
import { openOn } from './support/openOn.js';

const id: ColumnSpec = { name: 'id', type: { kind: 'int', bits: 32, signed: true } };
const amount: ColumnSpec = { name: 'amount', type: { kind: 'decimal', precision: 10, scale: 2 } };

// The same behaviour on every dialect, except where DDL cannot join the transaction (stated per dialect).
describe.each(Object.entries(dialects) as [DialectName, (typeof dialects)[DialectName]][])('%s', (name, dialect) => {
  let warehouse: Sink;
  beforeEach(async () => {
    warehouse = await openOn(dialect);
  });
  afterEach(async () => {
    await warehouse.close();
  });

  // BigQuery keeps a ledger per target table (1,500 modifications per table per day); the others one per namespace.
  const ledgers: Record<DialectName, (table: string) => string> = {
    duckdb: () => 'raw._ferry_ledger',
    snowflake: () => 'raw._ferry_ledger',
    bigquery: (table) => `raw._ferry_ledger_${table}`,
  };
  const ledger = ledgers[name];

  const registry = async () =>
    (
      await warehouse.query(
        `SELECT column_name, CAST(column_type AS VARCHAR), CAST(ordinal AS INTEGER) FROM raw._ferry_columns ORDER BY ordinal`,
      )
    ).rows;

  it('adds a column that appears in a later file; older rows read NULL', async () => {
    const table = tableOf('orders', 'soft');
    await warehouse.applyFiles(table, [
      fileOf('cdc/1.parquet', [id, amount], [{ op: 'I', at: 1, row: { id: 1, amount: '1.50' } }]),
    ]);
    const note: ColumnSpec = { name: 'note', type: { kind: 'string' } };
    await warehouse.applyFiles(table, [
      fileOf('cdc/2.parquet', [id, amount, note], [{ op: 'I', at: 2, row: { id: 2, amount: '2.00', note: '새 열' } }]),
    ]);
    expect(await warehouse.readRows(table, [id, amount, note])).toEqual([
      { id: '1', amount: '1.50', note: null },
      { id: '2', amount: '2.00', note: '새 열' },
    ]);
    expect(await registry()).toEqual([
      ['id', JSON.stringify(id.type), 0],
      ['amount', JSON.stringify(amount.type), 1],
      ['note', JSON.stringify(note.type), 2],
    ]);
    // The live view follows the table's new column.
    expect((await warehouse.query('SELECT note FROM raw.orders_live ORDER BY id')).rows).toEqual([[null], ['새 열']]);
  });

  it('adds a column that only the second file of one call has, staging NULL for the first', async () => {
    const table = tableOf('orders', 'hard');
    const note: ColumnSpec = { name: 'note', type: { kind: 'string' } };
    await warehouse.applyFiles(table, [
      fileOf('cdc/1.parquet', [id], [{ op: 'I', at: 1, row: { id: 1 } }]),
      fileOf('cdc/2.parquet', [id, note], [{ op: 'I', at: 2, row: { id: 2, note: 'n' } }]),
    ]);
    expect(await warehouse.readRows(table, [id, note])).toEqual([
      { id: '1', note: null },
      { id: '2', note: 'n' },
    ]);
  });

  it('loads a narrower type that fits (int32 → int64 key, decimal(10,2) → decimal(15,4)) into the wider column', async () => {
    const table = tableOf('orders', 'soft');
    const wideId: ColumnSpec = { name: 'id', type: { kind: 'int', bits: 64, signed: true } };
    const wideAmount: ColumnSpec = { name: 'amount', type: { kind: 'decimal', precision: 15, scale: 4 } };
    await warehouse.applyFiles(table, [
      fileOf(
        'cdc/1.parquet',
        [wideId, wideAmount],
        [{ op: 'I', at: 1, row: { id: 9007199254740993n, amount: '12345678901.2345' } }],
      ),
    ]);
    const result = await warehouse.applyFiles(table, [
      fileOf(
        'cdc/2.parquet',
        [id, amount],
        [
          { op: 'I', at: 2, row: { id: 2, amount: '-99999999.99' } },
          { op: 'U', at: 3, row: { id: 2, amount: '0.01' } },
        ],
      ),
    ]);
    expect(result).toMatchObject({ inserted: 1 });
    expect(await warehouse.readRows(table, [wideId, wideAmount])).toEqual([
      { id: '2', amount: '0.0100' },
      { id: '9007199254740993', amount: '12345678901.2345' },
    ]);
    // The column keeps its wider type in the table and in the registry.
    expect((await registry()).map((r) => r[1])).toEqual([JSON.stringify(wideId.type), JSON.stringify(wideAmount.type)]);
    // Read as the narrower type, the widened decimal prints at that scale when exact.
    expect(await warehouse.readRows(table, [id, amount])).toEqual([
      { id: '2', amount: '0.01' },
      { id: '9007199254740993', amount: '12345678901.2345' },
    ]);
  });

  it('stops a table on an incompatible type change before writing anything, while another table still loads', async () => {
    const orders = tableOf('orders', 'soft');
    const items = tableOf('items', 'soft');
    await warehouse.applyFiles(orders, [
      fileOf('cdc/1.parquet', [id, amount], [{ op: 'I', at: 1, row: { id: 1, amount: '1.00' } }]),
    ]);
    const textAmount: ColumnSpec = { name: 'amount', type: { kind: 'string' } };
    const note: ColumnSpec = { name: 'note', type: { kind: 'string' } };
    const bad = warehouse.applyFiles(orders, [
      fileOf('cdc/2.parquet', [id, amount, note], [{ op: 'U', at: 2, row: { id: 1, amount: '2.00', note: 'x' } }]),
      fileOf('cdc/3.parquet', [id, textAmount], [{ op: 'U', at: 3, row: { id: 1, amount: 'three' } }]),
    ]);
    await expect(bad).rejects.toThrow(SchemaChangeError);
    await expect(bad).rejects.toThrow(
      'test:shop.orders: column "amount" was decimal(10,2), a file now has string (cdc/3.parquet)',
    );
    // Untouched: no row, no new column, no ledger entry from the failed call.
    expect(await warehouse.readRows(orders, [id, amount])).toEqual([{ id: '1', amount: '1.00' }]);
    expect(
      (await warehouse.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'orders'`)).rows,
    ).not.toContainEqual(['note']);
    expect((await warehouse.query(`SELECT file_key FROM ${ledger('orders')}`)).rows).toEqual([['cdc/1.parquet']]);

    const other = await warehouse.applyFiles(items, [
      fileOf('cdc/9.parquet', [id, textAmount], [{ op: 'I', at: 1, row: { id: 5, amount: 'five' } }]),
    ]);
    expect(other.filesCommitted).toEqual(['cdc/9.parquet']);
    expect(await warehouse.readRows(items, [id, textAmount])).toEqual([{ id: '5', amount: 'five' }]);
  });

  it('refuses a decimal wider than the warehouse holds with SchemaChangeError', async () => {
    // 39 digits before the point: past DuckDB's and Snowflake's 38 digits and BigQuery BIGNUMERIC's 38 integer digits.
    const huge: ColumnSpec = { name: 'huge', type: { kind: 'decimal', precision: 40, scale: 1 } };
    const limits: Record<DialectName, string> = {
      duckdb: 'at most 38 digits, 38 before the point and 38 after it',
      snowflake: 'at most 38 digits, 38 before the point and 37 after it',
      bigquery: 'at most 76 digits, 38 before the point and 38 after it',
    };
    const attempt = warehouse.applyFiles(tableOf('orders', 'soft'), [fileOf('cdc/1.parquet', [id, huge], [])]);
    await expect(attempt).rejects.toThrow(SchemaChangeError);
    await expect(attempt).rejects.toThrow(
      `column "huge" (in cdc/1.parquet) is decimal(40,1), more digits than the warehouse holds exactly (${limits[name]})`,
    );
  });

  it('rolls back everything when a file breaks mid-transaction: no rows, no column, no ledger row', async () => {
    const table = tableOf('orders', 'soft');
    await warehouse.applyFiles(table, [
      fileOf('cdc/1.parquet', [id, amount], [{ op: 'I', at: 1, row: { id: 1, amount: '1.00' } }]),
    ]);
    const note: ColumnSpec = { name: 'note', type: { kind: 'string' } };
    const broken = warehouse.applyFiles(table, [
      fileOf('cdc/2.parquet', [id, amount], [{ op: 'U', at: 2, row: { id: 1, amount: '2.00' } }]),
      fileOf(
        'cdc/3.parquet',
        [id, amount, note],
        [
          { op: 'I', at: 3, row: { id: 2, amount: '3.00', note: 'a' } },
          { op: 'I', at: 4, row: { id: 3, amount: '4.00', note: 'b' } },
        ],
        { chunkRows: 1, failAfterChunks: 1 },
      ),
    ]);
    await expect(broken).rejects.toThrow('cdc/3.parquet: the read broke after 1 row groups');
    expect(await warehouse.readRows(table, [id, amount])).toEqual([{ id: '1', amount: '1.00' }]);
    expect((await warehouse.query(`SELECT file_key FROM ${ledger('orders')}`)).rows).toEqual([['cdc/1.parquet']]);
    // Where DDL cannot join the transaction, the new column was added (NULL everywhere) before staging began.
    const columnsAfter: Record<DialectName, string[]> = {
      duckdb: ['id', 'amount'],
      snowflake: ['id', 'amount', 'note'],
      bigquery: ['id', 'amount', 'note'],
    };
    expect((await registry()).map((r) => r[0])).toEqual(columnsAfter[name]);
    // The same files, readable this time, then apply cleanly.
    const retried = await warehouse.applyFiles(table, [
      fileOf('cdc/2.parquet', [id, amount], [{ op: 'U', at: 2, row: { id: 1, amount: '2.00' } }]),
    ]);
    expect(retried.filesCommitted).toEqual(['cdc/2.parquet']);
  });

  it('rolls back a table created in the failed transaction, leaving no trace of it', async () => {
    const table = tableOf('fresh', 'hard');
    await expect(
      warehouse.applyFiles(table, [
        fileOf(
          'cdc/1.parquet',
          [id],
          [
            { op: 'I', at: 1, row: { id: 1 } },
            { op: 'I', at: 2, row: { id: 2 } },
          ],
          {
            chunkRows: 1,
            failAfterChunks: 1,
          },
        ),
      ]),
    ).rejects.toThrow();
    // Where DDL cannot join the transaction, the (empty) tables stay: created before staging, idempotently.
    const tablesAfter: Record<DialectName, string[][]> = {
      duckdb: [],
      snowflake: [['_ferry_tombstones_fresh'], ['fresh']],
      bigquery: [['_ferry_ledger_fresh'], ['_ferry_tombstones_fresh'], ['fresh']],
    };
    expect(
      (
        await warehouse.query(
          `SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%fresh%' ORDER BY table_name`,
        )
      ).rows,
    ).toEqual(tablesAfter[name]);
    expect(await warehouse.readRows(table, [id])).toEqual([]);
  });

  it.each([
    [
      'a value that does not fit its column',
      { id: 1, amount: '123456789.00' },
      'I',
      'column "amount": value does not fit decimal(10,2)',
    ],
    ['a NULL key', { id: null, amount: '1.00' }, 'I', 'column "id": a key column is NULL'],
    ['an unknown Op', { id: 1, amount: '1.00' }, 'X', 'Op "X" is not I, U or D'],
    ['a wrongly typed value', { id: 1, amount: 1.5 }, 'I', 'column "amount": expected a decimal string, got number'],
  ] as const)('names the file and row of %s, and commits nothing', async (_, row, op, reason) => {
    const table = tableOf('orders', 'soft');
    const attempt = warehouse.applyFiles(table, [
      fileOf(
        'cdc/1.parquet',
        [id, amount],
        [
          { op: 'I', at: 1, row: { id: 7, amount: '0.00' } },
          { op: op as 'I', at: 2, row },
        ],
      ),
    ]);
    await expect(attempt).rejects.toThrow(DmsFileError);
    await expect(attempt).rejects.toThrow(`cdc/1.parquet row 1: ${reason}`);
    expect(await warehouse.readRows(table, [id, amount])).toEqual([]);
  });

  it('refuses a file without a key column', async () => {
    await expect(
      warehouse.applyFiles(tableOf('orders', 'soft'), [
        fileOf('cdc/1.parquet', [amount], [{ op: 'I', at: 1, row: { amount: '1.00' } }]),
      ]),
    ).rejects.toThrow('cdc/1.parquet: has no key column "id" for test:shop.orders');
  });

  it('rolls back the MERGE when a statement after it (the ledger insert) fails', async () => {
    // Once armed, placeholders break from the 4th on: in a call with two files and no new column, only the
    // ledger insert, which runs after the MERGE, uses them.
    let armed = false;
    const brittle = await openOn({
      ...dialect,
      placeholder: (i: number) => (armed && i > 3 ? 'no_such_column' : dialect.placeholder(i)),
    });
    try {
      const table = tableOf('orders', 'hard');
      await brittle.applyFiles(table, [fileOf('cdc/1.parquet', [id], [{ op: 'I', at: 1, row: { id: 1 } }])]);
      armed = true;
      await expect(
        brittle.applyFiles(table, [
          fileOf('cdc/2.parquet', [id], [{ op: 'D', at: 2, row: { id: 1 } }]),
          fileOf('cdc/3.parquet', [id], [{ op: 'I', at: 3, row: { id: 2 } }]),
        ]),
      ).rejects.toThrow(/loading cdc\/2.parquet, cdc\/3.parquet into test:shop.orders failed: .*no_such_column/);
      expect(await brittle.readRows(table, [id])).toEqual([{ id: '1' }]);
      expect((await brittle.query('SELECT count(*) FROM raw._ferry_tombstones_orders')).rows).toEqual([['0']]);
      expect((await brittle.query(`SELECT file_key FROM ${ledger('orders')}`)).rows).toEqual([['cdc/1.parquet']]);
    } finally {
      await brittle.close();
    }
  });
});
