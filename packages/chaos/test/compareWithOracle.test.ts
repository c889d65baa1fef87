import { generateWorkload, type OracleTable } from '@ferry/testkit';
import { describe, expect, it } from 'vitest';
import { compareWithOracle } from '../src/compareWithOracle.js';

/** A sink (the `readRows` port) that holds exactly what it is given, per table name. */
const holding = (tables: Map<string, Record<string, string | null>[]>) => ({
  readRows: async (table: { name: string }) => tables.get(table.name)?.map((r) => ({ ...r })) ?? [],
});

describe('compareWithOracle', () => {
  const workload = generateWorkload({ seed: 4, rows: 300, sources: ['brand-a'], consolidated: false });
  const exact = () => new Map(workload.oracle.map((t) => [t.speedLayer.name, t.rows.map((r) => ({ ...r }))]));

  it('finds nothing when the sink holds the oracle', async () => {
    expect(await compareWithOracle(workload, holding(exact()), 'speedLayer')).toEqual({
      lost: 0,
      duplicated: 0,
      resurrected: 0,
      wrong: 0,
      examples: [],
    });
  });

  it('counts a lost row, a duplicated key, a resurrected delete and a wrong value, naming each', async () => {
    const tables = exact();
    const orders = workload.oracle.find((t) => t.speedLayer.name.endsWith('orders'))! as OracleTable;
    const rows = tables.get(orders.speedLayer.name)!;
    expect(rows.length).toBeGreaterThan(3);
    rows.splice(0, 1); // lost
    rows.push({ ...rows[0]! }); // duplicated
    const changed = rows[1]!;
    const column = orders.columns.find((c) => !orders.speedLayer.keyColumns.includes(c.name))!.name;
    changed[column] = `${changed[column] ?? ''}x`; // wrong
    // A key some CDC file of this table deletes (and nothing inserts again), back as a live row.
    const live = new Set(orders.rows.map((r) => r.id));
    const deletedIds = workload.files
      .filter((f) => f.table === 'shop.orders' && f.kind === 'cdc')
      .flatMap((f) => {
        const op = f.columns.find((c) => c.name === 'Op')!.values;
        const ids = f.columns.find((c) => c.name === 'id')!.values;
        return ids.filter((_, i) => op[i] === 'D').map(String);
      });
    const id = deletedIds.find((d) => !live.has(d));
    expect(id).toBeDefined();
    rows.push({ ...rows[2]!, id: String(id) });

    const diff = await compareWithOracle(workload, holding(tables), 'speedLayer');
    expect(diff).toMatchObject({ lost: 1, duplicated: 1, resurrected: 1, wrong: 1 });
    expect(diff.examples.join('\n')).toMatch(/missing/);
    expect(diff.examples.join('\n')).toMatch(/more than once/);
    expect(diff.examples.join('\n')).toMatch(/was deleted in the source/);
    expect(diff.examples.join('\n')).toContain(`differs in ${column}`);
  });
});
