import type { Sink } from '@ferry/core';
import { type OracleTable, sortRows } from '@ferry/testkit';
import { expect } from 'vitest';

/** Every oracle table, every column of every live row, in each sink given. */
export async function expectSinksMatch(
  oracle: readonly OracleTable[],
  sinks: { readonly warehouse?: Sink; readonly speedLayer?: Pick<Sink, 'readRows'> },
): Promise<void> {
  for (const table of oracle) {
    if (sinks.warehouse) {
      const rows = await sinks.warehouse.readRows(table.warehouse, table.columns);
      expect(sortRows(rows, table.warehouse.keyColumns), `warehouse ${table.warehouse.name}`).toEqual(table.rows);
    }
    if (sinks.speedLayer) {
      const rows = await sinks.speedLayer.readRows(table.speedLayer, table.columns);
      expect(sortRows(rows, table.speedLayer.keyColumns), `speed layer ${table.speedLayer.name}`).toEqual(table.rows);
    }
  }
}
