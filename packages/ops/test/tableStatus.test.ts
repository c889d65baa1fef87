import type { ColumnSpec, FileChanges, TableChanges } from '@ferry/core';
import { parseMappings } from '@ferry/mappings';
import { openPglite, pgliteClient, postgresDialect, SpeedLayerSink } from '@ferry/speed-layer';
import { openWarehouse } from '@ferry/warehouse';
import { describe, expect, it } from 'vitest';
import { tableStatus } from '../src/index.js';

const columns: ColumnSpec[] = [
  { name: 'id', type: { kind: 'int', bits: 64, signed: true } },
  { name: 'v', type: { kind: 'string' } },
];

let position = 0;

function file(fileKey: string, ids: bigint[]): FileChanges {
  const changes: TableChanges = {
    columns,
    keyColumns: ['id'],
    values: [ids, ids.map((id) => `v${id}`)],
    ops: ids.map(() => 'I' as const),
    // Positions are 66 digits (DESIGN.md §2); increasing ones are all this test needs.
    positions: ids.map(() => String(++position).padStart(66, '0')),
    rowCount: ids.length,
  };
  return {
    fileKey,
    columns,
    chunks: async function* () {
      yield changes;
    },
  };
}

const mappings = parseMappings([
  {
    file: 'brand-a.json',
    json: {
      source: 'brand-a',
      prefix: 'dms/brand-a/',
      tables: {
        'shop.orders': { primaryKey: ['id'], freshnessMinutes: 10 },
        'shop.items': { primaryKey: ['id'], speedLayer: false },
      },
    },
  },
]);

describe('tableStatus', () => {
  it('judges each table in each sink by its own threshold: ok, stale later on, never committed', async () => {
    const warehouse = await openWarehouse('duckdb::memory:');
    const db = await openPglite('memory');
    const speedLayer = new SpeedLayerSink(pgliteClient(db, false), postgresDialect('pglite'), { ownsClient: false });
    try {
      const orders = mappings.table('brand-a', { schema: 'shop', table: 'orders' })!;
      const cdc = 'dms/brand-a/shop/orders/20240501-120000000.parquet';
      await warehouse.applyFiles(orders.warehouse!, [file('dms/brand-a/shop/orders/LOAD00000001.parquet', [1n, 2n])]);
      await warehouse.applyFiles(orders.warehouse!, [file(cdc, [3n])]);
      await speedLayer.applyFiles(orders.speedLayer!, [file(cdc, [3n])]);

      const now = new Date();
      const report = await tableStatus({ mappings, warehouse, speedLayer, defaultFreshnessMinutes: 60, now });
      expect(
        report.tables.map((r) => [r.table, r.sink, r.state, r.freshnessMinutes, r.filesLastHour, r.rowsLastHour]),
      ).toEqual([
        ['brand-a:shop.items', 'warehouse', 'never', 60, 0, '0'],
        ['brand-a:shop.orders', 'speed-layer', 'ok', 10, 1, '1'],
        ['brand-a:shop.orders', 'warehouse', 'ok', 10, 2, '3'],
      ]);
      const wh = report.tables[2]!;
      expect(wh).toMatchObject({ target: 'brand_a.orders', lastFile: cdc, positionTime: '2024-05-01T12:00:00.000Z' });
      // Lag counts from the change time the file carries, not from the commit.
      expect(wh.lagSeconds).toBe(Math.round((now.getTime() - Date.parse('2024-05-01T12:00:00Z')) / 1000));
      expect(report.breaches).toBe(1);

      // Eleven minutes on, orders breaches its 10 minutes; one source table asked for alone.
      const later = await tableStatus({
        mappings,
        warehouse,
        speedLayer,
        table: 'shop.orders',
        defaultFreshnessMinutes: 60,
        now: new Date(now.getTime() + 11 * 60_000),
      });
      expect(later.tables.map((r) => [r.sink, r.state])).toEqual([
        ['speed-layer', 'stale'],
        ['warehouse', 'stale'],
      ]);
      expect(later.breaches).toBe(2);
    } finally {
      await warehouse.close();
      await speedLayer.close();
      await db.close();
    }
  });
});
