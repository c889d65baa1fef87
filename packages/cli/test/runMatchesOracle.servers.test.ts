import { afterAll, describe, it } from 'vitest';
import { checkWorkload } from './support/checkWorkload.js';
import { mysqlPool, postgresPool } from './support/speedLayers.js';
import { workloadForSeed } from './support/workloadForSeed.js';

// The warehouse side is covered with every seed in the PGlite file; here the real servers take the speed layer.
const SEEDS = Number(process.env.FERRY_PROPERTY_SERVER_SEEDS ?? 50);

for (const pool of [postgresPool(), mysqlPool()]) {
  describe(`ferry run over shuffled, duplicated deliveries equals the oracle (${pool.name} speed layer)`, () => {
    afterAll(() => pool.close());
    for (let seed = 1001; seed < 1001 + SEEDS; seed++) {
      it(`seed ${seed}`, async () => {
        const speed = await pool.fresh();
        try {
          await checkWorkload(workloadForSeed(seed, 'hard'), { speedLayer: speed.sink });
        } finally {
          await speed.dispose();
        }
      });
    }
  });
}
