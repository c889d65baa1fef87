import { FerryError, type FileChanges, type Sink, type SinkTable } from '@ferry/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileResetTarget, type DialectName } from '../src/index.js';
import { fileOf } from './support/changes.js';
import { dialects } from './support/dialects.js';
import { openOn } from './support/openOn.js';
import { translateToDuckDb } from './support/translateToDuckDb.js';

// `ferry reload`'s reset of one consolidated target, on DuckDB and on Snowflake's and BigQuery's SQL translated
// onto DuckDB: after it the target and everything ferry keeps for it are gone, other targets untouched, and a
// second run (or a run on a namespace that never saw the target) does nothing.

const A = 'brand-a:shop.orders';
const B = 'brand-b:shop.orders';
const columns = [
  { name: 'id', type: { kind: 'int', bits: 64, signed: true } },
  { name: 'name', type: { kind: 'string' } },
] as const;

function file(tableId: string, key: string, id: bigint): FileChanges {
  return { ...fileOf(key, [...columns], [{ op: 'I', at: Number(id), row: { id, name: key } }]), tableId };
}

describe.each(Object.entries(dialects) as [DialectName, (typeof dialects)[DialectName]][])('%s', (name, dialect) => {
  let warehouse: Sink;
  beforeEach(async () => {
    warehouse = await openOn(dialect);
  });
  afterEach(async () => {
    await warehouse.close();
  });

  /** Runs the reset the way `ferry reload` does: drops, then the deletes of the bookkeeping tables present. */
  async function reset(table: string, ids: readonly string[]) {
    const sql = compileResetTarget('raw', table, ids, dialect);
    const run = (statement: string) => warehouse.query(translateToDuckDb(name, statement));
    for (const statement of sql.drops) await run(statement);
    // DuckDB has no per-dataset INFORMATION_SCHEMA: the BigQuery listing is asserted as text, then asked locally.
    const existing =
      name === 'bigquery'
        ? `SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' AND table_name IN (${sql.bookkeeping.map((t) => `'${t}'`).join(', ')})`
        : sql.existing;
    if (name === 'bigquery')
      expect(sql.existing).toMatch(/^SELECT table_name FROM `raw`\.INFORMATION_SCHEMA\.TABLES WHERE/);
    const present = new Set((await warehouse.query(existing)).rows.map((r) => String(r[0])));
    for (const d of sql.deletes) if (present.has(d.table)) await run(d.sql);
  }
  const tables = async () =>
    (
      await warehouse.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' ORDER BY 1`)
    ).rows.map((r) => r[0]);

  it.each(['soft', 'hard'] as const)('%s deletes: drops the target and its bookkeeping, twice', async (deletes) => {
    const orders: SinkTable = { id: `${A}+${B}`, namespace: 'raw', name: 'orders', deletes, keyColumns: ['id'] };
    const other: SinkTable = { id: 'brand-a:shop.items', namespace: 'raw', name: 'items', deletes, keyColumns: ['id'] };
    await warehouse.applyFiles(orders, [file(A, 'a/1', 1n), file(B, 'b/1', 2n)]);
    await warehouse.applyFiles(other, [file('brand-a:shop.items', 'a/items/1', 1n)]);

    await reset('orders', [A, B]);
    await reset('orders', [A, B]);

    const left = await tables();
    expect(left).not.toContain('orders');
    expect(left).not.toContain('orders_live');
    expect(left).not.toContain('_ferry_tombstones_orders');
    expect(left).not.toContain('_ferry_ledger_orders');
    expect(left).toContain('items');
    const ledger = name === 'bigquery' ? 'raw._ferry_ledger_items' : 'raw._ferry_ledger';
    expect((await warehouse.query(`SELECT table_id FROM ${ledger}`)).rows).toEqual([['brand-a:shop.items']]);
    const registry = await warehouse.query('SELECT DISTINCT table_name FROM raw._ferry_columns');
    expect(registry.rows).toEqual([['items']]);

    // The target comes back from a backfill as if new.
    const again = await warehouse.applyFiles(orders, [file(A, 'a/1', 1n)]);
    expect(again.filesCommitted).toEqual(['a/1']);
  });

  it('on a namespace that never saw the target, does nothing and fails nothing', async () => {
    await warehouse.query('CREATE SCHEMA IF NOT EXISTS raw');
    await reset('orders', [A]);
    expect(await tables()).toEqual([]);
  });
});

describe('compileResetTarget refuses', () => {
  it('an unsafe table name, no entry, and an entry id a literal cannot hold', () => {
    expect(() => compileResetTarget('raw', 'or ders', [A], dialects.duckdb)).toThrow(FerryError);
    expect(() => compileResetTarget('raw', 'orders', [], dialects.duckdb)).toThrow(RangeError);
    expect(() => compileResetTarget('raw', 'orders', ["a'; DROP TABLE x; --"], dialects.duckdb)).toThrow(
      /characters a reset cannot quote/,
    );
  });
});
