import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sink } from '@ferry/core';
import { loadMappings } from '@ferry/mappings';
import { generateWorkload, sortRows, type WorkloadOptions, writeWorkload } from '@ferry/testkit';
import { expect } from 'vitest';
import { localFileStore, runOnce } from '../../src/index.js';
import { deliveryPlan } from './deliveryPlan.js';
import { listedFileStore } from './listedFileStore.js';

/**
 * The foundation's property: a seeded workload, every file delivered 1–3 times in shuffled order across
 * several `ferry run`s, leaves each sink equal to the oracle, every column of every live row exactly.
 */
export async function checkWorkload(
  options: WorkloadOptions,
  sinks: { warehouse?: Sink; speedLayer?: Sink },
): Promise<void> {
  const workload = generateWorkload(options);
  const dir = await mkdtemp(join(tmpdir(), 'ferry-e2e-'));
  try {
    const written = await writeWorkload(workload, dir);
    const mappings = await loadMappings(written.mappingsDir as string);
    const store = localFileStore(dir);
    for (const keys of deliveryPlan(written.keys, options.seed)) {
      const summary = await runOnce({ mappings, files: listedFileStore(store, keys), sinks, maskKey: 'test-key' });
      expect(summary.invalid).toEqual([]);
      expect(summary.tables.flatMap((t) => t.failures)).toEqual([]);
      expect(summary.ok).toBe(true);
    }
    for (const table of workload.oracle) {
      if (sinks.warehouse) {
        const rows = await sinks.warehouse.readRows(table.warehouse, table.columns);
        expect(sortRows(rows, table.warehouse.keyColumns), `warehouse ${table.warehouse.name}`).toEqual(table.rows);
      }
      if (sinks.speedLayer) {
        const rows = await sinks.speedLayer.readRows(table.speedLayer, table.columns);
        expect(sortRows(rows, table.speedLayer.keyColumns), `speed layer ${table.speedLayer.name}`).toEqual(table.rows);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
