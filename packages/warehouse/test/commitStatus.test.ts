import type { ColumnSpec } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { fileOf, tableOf } from './support/changes.js';
import { eachDialect } from './support/dialects.js';
import { openOn } from './support/openOn.js';

const columns: ColumnSpec[] = [
  { name: 'id', type: { kind: 'int', bits: 32, signed: true } },
  { name: 'v', type: { kind: 'string' } },
];

describe.each(eachDialect({ duckdb: null, snowflake: null, bigquery: null }))(
  'commitStatus on %s (ferry status reads the ledger)',
  (_, dialect) => {
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
