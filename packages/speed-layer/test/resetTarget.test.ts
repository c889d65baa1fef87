import { type ColumnSpec, FerryError, type SinkTable } from '@ferry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferryTables, postgresDialect, resetTargetSql } from '../src/index.js';
import { fileOf, I, tableChanges } from './changes.js';
import { dialectFactories, type SpeedLayerUnderTest } from './dialectFactories.js';

// `ferry reload`'s reset of one consolidated speed-layer table (two entries feeding it), on real engines: the table
// and every ferry row of those entries go, another table's stay, and a second run does nothing.

const idv: ColumnSpec[] = [
  { name: 'id', type: { kind: 'int', bits: 64, signed: true } },
  { name: 'v', type: { kind: 'string' } },
];

describe.each(Object.values(dialectFactories))('reset on $name', (factory) => {
  let under: SpeedLayerUnderTest;
  beforeAll(async () => {
    under = await factory.open();
  });
  afterAll(async () => {
    await under?.dispose();
  });

  async function reset(table: string, ids: readonly string[]) {
    const sql = resetTargetSql(under.target.dialect, table, ids);
    await under.sink.query(sql.drop);
    const present = new Set((await under.sink.query(sql.existing)).rows.map((r) => String(r[0])));
    for (const d of sql.deletes) if (present.has(d.table)) await under.sink.query(d.sql);
  }
  // MySQL keeps ids as VARBINARY, which reads back as hex.
  const idsIn = async (ferryTable: string) =>
    (
      await under.sink.query(
        `SELECT DISTINCT ${factory.name === 'mysql' ? 'CAST(table_id AS CHAR)' : 'table_id'} FROM ${ferryTable} ORDER BY 1`,
      )
    ).rows.map((r) => String(r[0]));

  it('resets before anything was applied without failing', async () => {
    await reset('never_seen', ['x:shop.never']);
  });

  it('drops the target and its entries’ ferry rows, leaves others, and runs twice', async () => {
    const orders = (id: string): SinkTable => ({
      id,
      namespace: undefined,
      name: 'orders',
      deletes: 'hard',
      keyColumns: ['id'],
    });
    const items: SinkTable = {
      id: 'a:shop.items',
      namespace: undefined,
      name: 'items',
      deletes: 'hard',
      keyColumns: ['id'],
    };
    await under.sink.applyFiles(orders('a:shop.orders'), [fileOf('a/1', idv, [I(1, { id: 1n, v: 'a' })])]);
    await under.sink.applyFiles(orders('b:shop.orders'), [
      fileOf('b/1', idv, [I(1, { id: 2n, v: 'b' })], [{ op: 'D', pos: 2, row: { id: 2n, v: 'b' } }]),
    ]);
    await under.sink.applyFiles(items, [fileOf('a/items/1', idv, [I(1, { id: 1n, v: 'i' })])]);
    await under.sink.applyChanges(items, [
      {
        label: 'b1',
        changes: tableChanges(idv, [I(2, { id: 2n, v: 'j' })]),
        files: [{ fileKey: 'a/items/2', rows: 1 }],
      },
    ]);
    await under.sink.applyChanges(orders('a:shop.orders'), [
      { label: 'b2', changes: tableChanges(idv, [I(3, { id: 3n, v: 's' })]), files: [{ fileKey: 'a/2', rows: 1 }] },
    ]);

    await reset('orders', ['a:shop.orders', 'b:shop.orders']);
    await reset('orders', ['a:shop.orders', 'b:shop.orders']);

    for (const t of [ferryTables.appliedFiles, ferryTables.streamFiles, ferryTables.columns]) {
      expect(await idsIn(t)).toEqual(['a:shop.items']);
    }
    expect(await idsIn(ferryTables.tombstones)).toEqual([]);
    await expect(under.sink.query('SELECT * FROM orders')).rejects.toThrow();
    expect((await under.sink.query('SELECT id FROM items')).rows.map((r) => String(r[0]))).toEqual(['1', '2']);

    // A backfill rebuilds the target as new: the ledger no longer says the file was applied.
    const again = await under.sink.applyFiles(orders('a:shop.orders'), [
      fileOf('a/1', idv, [I(1, { id: 1n, v: 'a' })]),
    ]);
    expect(again.filesCommitted).toEqual(['a/1']);
  });
});

describe('resetTargetSql refuses', () => {
  it('an unsafe table, no entry, and an entry id a literal cannot hold', () => {
    const dialect = postgresDialect('postgres');
    expect(() => resetTargetSql(dialect, 'or ders', ['a'])).toThrow(FerryError);
    expect(() => resetTargetSql(dialect, 'orders', [])).toThrow(RangeError);
    expect(() => resetTargetSql(dialect, 'orders', ["a'; DROP TABLE x; --"])).toThrow(/cannot quote/);
  });
});
