import { generateWorkload, Prng, type WorkloadFile } from '@ferry/testkit';
import type { CallNumbers, ChaosFunction, ChaosPlan } from './ChaosPlan.js';

const FUNCTIONS: readonly ChaosFunction[] = ['warehouse-loader', 'change-forwarder', 'merge-worker'];

/**
 * Draws a run's workload and fault plan from its seed. Fault call numbers are kept low enough to fire in a
 * small run (a loader invocation takes a whole batch window of files; merge-worker invocations are many).
 *
 * @example drawChaosPlan(7).warehouse // the same for every run with seed 7
 */
export function drawChaosPlan(seed: number): ChaosPlan {
  const rng = new Prng(seed);
  const calls = (p: number, count: number, max: number): CallNumbers => {
    if (!rng.chance(p)) return [];
    const picked = new Set<number>();
    for (let i = 0; i < count; i++) picked.add(rng.range(1, max));
    return [...picked].sort((a, b) => a - b);
  };
  const perFunction = (p: number) =>
    Object.fromEntries(
      FUNCTIONS.map((fn) => [fn, calls(p, rng.range(1, 2), fn === 'warehouse-loader' ? 3 : 8)]),
    ) as Record<ChaosFunction, CallNumbers>;

  const warehouse = rng.pick(['duckdb', 'duckdb', 'snowflake', 'bigquery'] as const);
  const workload = {
    seed: rng.int(2 ** 31),
    rows: rng.range(40, 200),
    sources: rng.chance(0.35) ? ['brand-a', 'brand-b'] : ['brand-a'],
    consolidated: rng.chance(0.6),
    deletes: rng.pick(['soft', 'hard'] as const),
    fullLoadFiles: rng.range(1, 2),
    minutes: rng.range(1, 3),
    datePartitioned: rng.chance(0.3),
  };
  const workloadFiles = generateWorkload(workload).files;
  const files = workloadFiles.length;
  const deliveries = workloadFiles.map((_, file) => ({ file, times: rng.chance(0.3) ? rng.range(2, 3) : 1 }));
  return {
    seed,
    workload,
    warehouse,
    speedLayer: rng.chance(0.6) ? 'postgres' : 'mysql',
    maxReceiveCount: rng.pick([2, 3, 5]),
    maximumRetryAttempts: rng.pick([1, 2, 5]),
    deliveries: orderDeliveries(rng, deliveries, workloadFiles),
    crashBefore: perFunction(0.5),
    crashAfter: perFunction(0.5),
    redeliver: perFunction(0.4),
    putRecordsCrash: calls(0.5, 1, 6),
    putRecordsThrottle: calls(0.5, rng.range(1, 3), 8),
    brokenTransactions: calls(0.5, rng.range(1, 2), 10),
    warehouseErrors: calls(0.5, rng.range(1, 2), 3),
    afterStaging: warehouse === 'duckdb' ? [] : calls(0.6, 1, 3),
    ...(rng.chance(0.4) ? { speedLayerOutage: { atDelivery: rng.int(files), ms: rng.range(1_000, 3_000) } } : {}),
    ...(rng.chance(0.35) ? { kill: { atDelivery: rng.range(1, files - 1) } } : {}),
  };
}

/** DMS order, or shuffled, or with full-load files held back to arrive among the CDC files. */
function orderDeliveries(
  rng: Prng,
  deliveries: readonly { file: number; times: number }[],
  files: readonly WorkloadFile[],
): { file: number; times: number }[] {
  const order = [...deliveries];
  const mode = rng.pick(['dms', 'shuffled', 'shuffled', 'late']);
  if (mode === 'dms') return order;
  if (mode === 'shuffled') {
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  }
  // 'late': each full-load file goes after a random later point of the CDC files.
  const fullLoads = order.filter((d) => files[d.file]?.kind === 'full-load');
  const rest = order.filter((d) => files[d.file]?.kind !== 'full-load');
  for (const d of fullLoads) rest.splice(rng.range(1, rest.length), 0, d);
  return rest;
}
