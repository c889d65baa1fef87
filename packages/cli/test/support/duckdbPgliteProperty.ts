import { DuckDbWarehouse } from '@ferry/warehouse/duckdb';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkWorkload } from './checkWorkload.js';
import { pglitePool, type SpeedLayerPool } from './speedLayers.js';
import { workloadForSeed } from './workloadForSeed.js';

/** Seeds per delete mode; CI runs the default, `FERRY_PROPERTY_SEEDS` raises it for a longer soak. */
const SEEDS = Number(process.env.FERRY_PROPERTY_SEEDS ?? 50);

/** The property on the embedded defaults (DuckDB warehouse + PGlite speed layer), for one delete mode. */
export function duckdbPgliteProperty(deletes: 'soft' | 'hard'): void {
  describe(`ferry run over shuffled, duplicated deliveries equals the oracle (DuckDB + PGlite, ${deletes} deletes)`, () => {
    let pool: SpeedLayerPool;
    beforeAll(async () => {
      pool = await pglitePool();
    });
    afterAll(async () => {
      await pool?.close();
    });

    // Seeds differ per mode so the two files cover different workloads.
    const first = deletes === 'soft' ? 1 : 501;
    for (let seed = first; seed < first + SEEDS; seed++) {
      it(`seed ${seed}`, async () => {
        const warehouse = await DuckDbWarehouse.open(':memory:');
        const speed = await pool.fresh();
        try {
          await checkWorkload(workloadForSeed(seed, deletes), { warehouse, speedLayer: speed.sink });
        } finally {
          await warehouse.close();
          await speed.dispose();
        }
      });
    }
  });
}
