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
  'mergedSince on %s (the minimum merge interval reads the ledger)',
  (_, dialect) => {
    it('answers by the ledger, per entry, against the warehouse clock', async () => {
      const warehouse = await openOn(dialect);
      try {
        const table = tableOf('orders', 'soft');
        const minuteAgo = new Date(Date.now() - 60_000);
        // Nothing exists yet: the bookkeeping tables are created, and nothing was merged.
        expect(await warehouse.mergedSince!(table, [table.id], minuteAgo)).toBe(false);
        await warehouse.applyFiles(table, [
          fileOf('cdc/1.parquet', columns, [{ op: 'I', at: 1, row: { id: 1, v: 'a' } }]),
        ]);
        expect(await warehouse.mergedSince!(table, [table.id], minuteAgo)).toBe(true);
        expect(await warehouse.mergedSince!(table, ['brand-b:shop.orders', table.id], minuteAgo)).toBe(true);
        // Another entry's commits do not count, nor do commits before the instant asked about.
        expect(await warehouse.mergedSince!(table, ['brand-b:shop.orders'], minuteAgo)).toBe(false);
        expect(await warehouse.mergedSince!(table, [table.id], new Date(Date.now() + 60_000))).toBe(false);
        expect(await warehouse.mergedSince!(table, [], minuteAgo)).toBe(false);
      } finally {
        await warehouse.close();
      }
    });
  },
);
