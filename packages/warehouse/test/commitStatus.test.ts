import type { ColumnSpec } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { fileOf, tableOf } from './support/changes.js';
import { eachDialect } from './support/dialects.js';
import { openOn } from './support/openOn.js';

const columns: ColumnSpec[] = [
  { name: 'id', type: { kind: 'int', bits: 32, signed: true } },
  { name: 'v', type: { kind: 'string' } },
];

// BigQuery keeps a ledger per target table, so it has no status view (a view over `_ferry_ledger_*` would be the
// only way, and the stand-in cannot run wildcard tables).
describe.each(eachDialect({ duckdb: true, snowflake: true, bigquery: false }))(
  'commitStatus on %s (ferry status reads the ledger)',
  (_, dialect, hasView) => {
    it('gives each entry its last file, commit time and counts, and zeros for one never committed', async () => {
      const warehouse = await openOn(dialect);
      try {
        const table = tableOf('orders', 'soft');
        const other = 'brand-b:shop.orders';
        const start = Date.now() - 1000;
        await warehouse.applyFiles(table, [
          fileOf('cdc/1.parquet', columns, [{ op: 'I', at: 1, row: { id: 1, v: 'a' } }]),
        ]);
        await warehouse.applyFiles(table, [
          fileOf('cdc/2.parquet', columns, [
            { op: 'I', at: 2, row: { id: 2, v: 'b' } },
            { op: 'D', at: 3, row: { id: 1, v: 'a' } },
          ]),
        ]);
        const statuses = await warehouse.commitStatus!([{ table, entryIds: [other, table.id] }], new Date());
        expect(statuses.map((s) => s.tableId)).toEqual([other, table.id]);
        expect(statuses[0]).toEqual({
          tableId: other,
          filesLastHour: 0,
          filesLastDay: 0,
          rowsLastHour: 0n,
          rowsLastDay: 0n,
        });
        const mine = statuses[1]!;
        expect(mine).toMatchObject({
          lastFile: 'cdc/2.parquet',
          filesLastHour: 2,
          filesLastDay: 2,
          rowsLastHour: 3n,
          rowsLastDay: 3n,
        });
        expect(mine.lastCommittedAt!.getTime()).toBeGreaterThanOrEqual(start);
        expect(mine.lastCommittedAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
        if (hasView) {
          // The BI view says the same from the warehouse's own clock.
          const view = await warehouse.query(
            `SELECT table_id, last_file, files_last_hour, files_last_day, rows_last_hour, rows_last_day FROM raw.ferry_table_status`,
          );
          expect(view.rows.map((r) => r.map(String))).toEqual([[table.id, 'cdc/2.parquet', '2', '2', '3', '3']]);
        }
        const nextDay = await warehouse.commitStatus!(
          [{ table, entryIds: [table.id] }],
          new Date(Date.now() + 90_000_000),
        );
        expect(nextDay[0]).toMatchObject({ lastFile: 'cdc/2.parquet', filesLastDay: 0, rowsLastDay: 0n });
      } finally {
        await warehouse.close();
      }
    });
  },
);
