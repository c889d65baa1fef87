import type { ChangeOp, ColumnSpec } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { type Change, fileOf, tableOf } from './support/changes.js';
import { eachDialect } from './support/dialects.js';
import { openOn } from './support/openOn.js';

const columns: ColumnSpec[] = [
  { name: 'id', type: { kind: 'int', bits: 32, signed: true } },
  { name: 'v', type: { kind: 'string' } },
];

/** A small seeded generator (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Every dialect; the cloud ones (translated onto DuckDB) on fewer seeds, to keep the suite fast.
const seeds = eachDialect({ duckdb: 12, snowflake: 3, bigquery: 3 }).flatMap(([name, dialect, count]) =>
  (['soft', 'hard'] as const).map((deletes) => [deletes, name, dialect, count] as const),
);

describe.each(seeds)('files delivered 1–3 times in any order (%s deletes, %s)', (deletes, _, dialect, count) => {
  it.each(Array.from({ length: count }, (_, i) => i + 1))('ends equal to the source after seed %i', async (seed) => {
    const next = random(seed);
    const pick = (n: number) => Math.floor(next() * n);
    // The source: changes in order, each after-image consistent with what the key holds.
    const source = new Map<number, string>();
    const changes: Change[] = [];
    for (let at = 1; at <= 120; at++) {
      const key = pick(8);
      const op: ChangeOp = !source.has(key) ? 'I' : next() < 0.3 ? 'D' : 'U';
      const v = `v${at}`;
      if (op === 'D') source.delete(key);
      else source.set(key, v);
      changes.push({ op, at, row: { id: key, v: op === 'D' ? 'before-image' : v } });
    }
    // Cut into files of consecutive changes, deliver each 1–3 times, shuffled, several files per call.
    const files = [];
    for (let start = 0; start < changes.length; ) {
      const size = 1 + pick(15);
      files.push(fileOf(`cdc/${String(start).padStart(4, '0')}.parquet`, columns, changes.slice(start, start + size)));
      start += size;
    }
    const deliveries = files.flatMap((f) => Array.from({ length: 1 + pick(3) }, () => f));
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = pick(i + 1);
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    const warehouse = await openOn(dialect);
    try {
      const table = tableOf('orders', deletes);
      let committed = 0;
      for (let i = 0; i < deliveries.length; ) {
        const size = 1 + pick(3);
        committed += (await warehouse.applyFiles(table, deliveries.slice(i, i + size))).filesCommitted.length;
        i += size;
      }
      expect(committed).toBe(files.length);
      const expected = [...source.entries()].sort(([a], [b]) => a - b).map(([id, v]) => ({ id: String(id), v }));
      expect(await warehouse.readRows(table, columns)).toEqual(expected);
    } finally {
      await warehouse.close();
    }
  });
});
