import { Prng, type WorkloadOptions } from '@ferry/testkit';

/**
 * Workload options drawn from the seed, so many seeds also cover many shapes of DMS output: compression,
 * small row groups, date-partitioned CDC, hex LOAD counters, consolidated or per-source targets,
 * with or without a sequence column, NULL or empty sequence values in full load.
 */
export function workloadForSeed(seed: number, deletes: 'soft' | 'hard'): WorkloadOptions {
  const rng = new Prng(seed * 7919);
  return {
    seed,
    deletes,
    rows: 80 + rng.int(120),
    minutes: 2 + rng.int(4),
    consolidated: rng.chance(0.7),
    sequenceTables: rng.pick([[], ['shop.orders'], ['shop.orders', 'shop.order_items']] as const),
    fullLoadSequence: rng.pick(['null', 'empty'] as const),
    fullLoadFiles: rng.chance(0.15) ? 11 + rng.int(6) : 1 + rng.int(2),
    datePartitioned: rng.chance(0.3),
    parquet: {
      compression: rng.pick(['none', 'none', 'snappy', 'gzip'] as const),
      rowGroupSize: rng.chance(0.3) ? 7 + rng.int(30) : 10_024,
      dictionary: rng.chance(0.3),
    },
  };
}
