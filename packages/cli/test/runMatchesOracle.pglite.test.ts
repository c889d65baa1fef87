import { DuckDbWarehouse } from '@ferry/warehouse';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkWorkload } from './support/checkWorkload.js';
import { pglitePool, type SpeedLayerPool } from './support/speedLayers.js';
import { workloadForSeed } from './support/workloadForSeed.js';

const SEEDS = Number(process.env.FERRY_PROPERTY_SEEDS ?? 4);

describe('ferry run over shuffled, duplicated deliveries equals the oracle (DuckDB + PGlite)', () => {
  let pool: SpeedLayerPool;
  beforeAll(async () => {
    pool = await pglitePool();
  });
  afterAll(async () => {
    await pool?.close();
  });

  for (const deletes of ['soft', 'hard'] as const) {
    for (let seed = 1; seed <= SEEDS; seed++) {
      it(`seed ${seed}, ${deletes} deletes`, async () => {
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
  }
});
