import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColumnSpec, SinkTable } from '@ferry/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DuckDbWarehouse } from '../src/duckdb/DuckDbWarehouse.js';
import { fileOf, tableOf } from './support/changes.js';

const id: ColumnSpec = { name: 'id', type: { kind: 'int', bits: 64, signed: true } };
const name: ColumnSpec = { name: 'name', type: { kind: 'string' } };

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ferry-warehouse-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

it('keeps data and ledger in a database file across reopening, creating its folder', async () => {
  const path = join(folder, 'nested', 'warehouse.duckdb');
  const table = tableOf('orders', 'hard');
  const files = [fileOf('cdc/1.parquet', [id, name], [{ op: 'I', at: 1, row: { id: 1n, name: 'a' } }])];
  const first = await DuckDbWarehouse.open(path);
  await first.applyFiles(table, files);
  await first.close();

  const second = await DuckDbWarehouse.open(path);
  try {
    expect(await second.applyFiles(table, files)).toMatchObject({
      filesCommitted: [],
      filesAlreadyApplied: ['cdc/1.parquet'],
    });
    expect(await second.readRows(table, [id, name])).toEqual([{ id: '1', name: 'a' }]);
  } finally {
    await second.close();
  }
});

it('lets several sources feed one consolidated table through a tenant key, each with its own ledger rows', async () => {
  const warehouse = await DuckDbWarehouse.open(':memory:');
  try {
    const tenant: ColumnSpec = { name: 'brand_id', type: { kind: 'string' } };
    const extra: ColumnSpec = { name: 'extra', type: { kind: 'boolean' } };
    const brandA: SinkTable = { ...tableOf('orders', 'soft', ['brand_id', 'id']), id: 'brand-a:shop.orders' };
    const brandB: SinkTable = { ...brandA, id: 'brand-b:shop.orders' };
    const key = ['brand_id', 'id'];
    await warehouse.applyFiles(brandA, [
      fileOf(
        'dms/a/shop/orders/1.parquet',
        [tenant, id, name],
        [{ op: 'I', at: 1, row: { brand_id: 'a', id: 1n, name: 'x' } }],
        {
          keyColumns: key,
        },
      ),
    ]);
    // Brand B's source has a column brand A's lacks: the shared table gains it.
    await warehouse.applyFiles(brandB, [
      fileOf(
        'dms/b/shop/orders/1.parquet',
        [tenant, id, name, extra],
        [{ op: 'I', at: 1, row: { brand_id: 'b', id: 1n, name: 'y', extra: true } }],
        { keyColumns: key },
      ),
    ]);
    expect(await warehouse.readRows(brandA, [tenant, id, name, extra])).toEqual([
      { brand_id: 'a', id: '1', name: 'x', extra: null },
      { brand_id: 'b', id: '1', name: 'y', extra: 'true' },
    ]);
    expect((await warehouse.query('SELECT table_id, file_key FROM raw._ferry_ledger ORDER BY table_id')).rows).toEqual([
      ['brand-a:shop.orders', 'dms/a/shop/orders/1.parquet'],
      ['brand-b:shop.orders', 'dms/b/shop/orders/1.parquet'],
    ]);
  } finally {
    await warehouse.close();
  }
});

it('refuses a path it cannot create, and a file that is not a DuckDB database, as terminal errors', async () => {
  const notADatabase = join(folder, 'plain.txt');
  await writeFile(notADatabase, 'not a database');
  for (const path of [notADatabase, join(notADatabase, 'warehouse.duckdb')]) {
    const attempt = DuckDbWarehouse.open(path);
    await expect(attempt).rejects.toThrow(`duckdb ${path}: cannot open the database`);
    await expect(attempt).rejects.toMatchObject({ name: 'FerryError', retryable: false });
  }
});

it('records a file without rows in the ledger, and reads nothing for a table never loaded', async () => {
  const warehouse = await DuckDbWarehouse.open(':memory:');
  try {
    const table = tableOf('orders', 'soft');
    expect(await warehouse.readRows(table, [id, name])).toEqual([]);
    const result = await warehouse.applyFiles(table, [fileOf('cdc/empty.parquet', [id, name], [])]);
    expect(result).toEqual({
      filesCommitted: ['cdc/empty.parquet'],
      filesAlreadyApplied: [],
      rows: 0,
      inserted: 0,
      updated: 0,
      deleted: 0,
      stale: 0,
    });
    expect(await warehouse.readRows(table, [id, name])).toEqual([]);
    expect((await warehouse.query('SELECT file_key, "rows" FROM raw._ferry_ledger')).rows).toEqual([
      ['cdc/empty.parquet', '0'],
    ]);
  } finally {
    await warehouse.close();
  }
});

it('reports a failing ad-hoc query as a FerryError with DuckDB’s reason', async () => {
  const warehouse = await DuckDbWarehouse.open(':memory:');
  try {
    await expect(warehouse.query('SELECT * FROM nowhere')).rejects.toThrow(/duckdb: query failed: .*nowhere/);
  } finally {
    await warehouse.close();
  }
});
