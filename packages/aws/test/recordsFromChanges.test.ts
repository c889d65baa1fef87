import { ChangeOp, canonicalText, FerryError, type TableChanges } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { decodeChangeRecord, encodeChangeRecord, partitionKey, recordsFromChanges } from '../src/index.js';
import { workloadChanges } from './workloadChanges.js';

describe('recordsFromChanges over testkit workloads (parquet → projectChanges → records)', () => {
  it('makes one record per row that round-trips through the codec, for every table', async () => {
    let rows = 0;
    const ops = new Set<string>();
    for (const table of ['shop.customers', 'shop.orders', 'shop.order_items']) {
      for await (const { fileKey, mapping, changes } of workloadChanges({ seed: 11, rows: 400 }, table)) {
        const records = recordsFromChanges(changes, { source: mapping.source, tableId: mapping.id, fileKey });
        expect(records).toHaveLength(changes.rowCount);
        records.forEach((record, r) => {
          expect(record).toMatchObject({
            source: mapping.source,
            tableId: mapping.id,
            fileKey,
            op: changes.ops[r],
            position: changes.positions[r],
            keyColumns: changes.keyColumns,
          });
          expect(record.columns).toBe(changes.columns);
          // Compared through canonicalText so that bytes, bigints and -0 are compared exactly, column by column.
          const decoded = decodeChangeRecord(encodeChangeRecord(record));
          const text = (values: readonly unknown[]) =>
            changes.columns.map((c, i) => [c.name, typeof values[i], canonicalText(c.type, values[i] as never)]);
          expect(text(decoded.values)).toEqual(text(changes.values.map((cells) => cells[r])));
          expect(decoded.columns).toEqual(changes.columns);
          expect(partitionKey(decoded)).toBe(partitionKey(record));
          ops.add(record.op);
        });
        rows += changes.rowCount;
      }
    }
    expect(rows).toBeGreaterThan(300);
    expect([...ops].sort()).toEqual([ChangeOp.Delete, ChangeOp.Insert, ChangeOp.Update].sort());
  });

  it('gives every change of one row the same partition key and different rows different ones', async () => {
    const byRow = new Map<string, Set<string>>();
    const changesPerRow = new Map<string, number>();
    for await (const { fileKey, mapping, changes } of workloadChanges({ seed: 5, rows: 300 }, 'shop.orders')) {
      for (const record of recordsFromChanges(changes, { source: mapping.source, tableId: mapping.id, fileKey })) {
        const row = JSON.stringify(
          record.keyColumns.map((k) => String(record.values[record.columns.findIndex((c) => c.name === k)])),
        );
        const keys = byRow.get(row) ?? new Set();
        keys.add(partitionKey(record));
        byRow.set(row, keys);
        changesPerRow.set(row, (changesPerRow.get(row) ?? 0) + 1);
      }
    }
    expect([...byRow.values()].every((keys) => keys.size === 1)).toBe(true);
    const all = [...byRow.values()].map((keys) => [...keys][0]);
    expect(new Set(all).size).toBe(byRow.size);
    // Rows changed more than once are what this test is about: the workload must have some.
    expect([...changesPerRow.values()].filter((n) => n > 1).length).toBeGreaterThan(10);
  });

  it('refuses a batch whose key columns are not among its columns', () => {
    const changes: TableChanges = {
      columns: [{ name: 'id', type: { kind: 'int', bits: 32, signed: true } }],
      keyColumns: ['brand_id', 'id'],
      values: [[1]],
      ops: [ChangeOp.Insert],
      positions: ['0'.repeat(66)],
      rowCount: 1,
    };
    const meta = { source: 'brand-a', tableId: 'brand-a:shop.orders', fileKey: 'f.parquet' };
    expect(() => recordsFromChanges(changes, meta)).toThrow(FerryError);
    expect(() => recordsFromChanges(changes, meta)).toThrow(
      'f.parquet: key column(s) brand_id of brand-a:shop.orders not in the batch',
    );
  });
});
