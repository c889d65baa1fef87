import { generateWorkload } from '@ferry/testkit';
import { describe, expect, it } from 'vitest';
import type { ChaosPlan } from '../src/ChaosPlan.js';
import { drawChaosPlan } from '../src/drawChaosPlan.js';
import { FAULT_KINDS, type FaultKind } from '../src/FAULT_KINDS.js';
import { runChaos } from '../src/runChaos.js';

/** A drawn plan with every fault switched on early, so each one fires in a small run. */
function everyFault(seed: number, targets: Pick<ChaosPlan, 'warehouse' | 'speedLayer'>): ChaosPlan {
  const drawn = drawChaosPlan(seed);
  const files = generateWorkload(drawn.workload).files;
  const isFullLoad = (file: number) => files[file]?.kind === 'full-load';
  const all = { 'warehouse-loader': [1], 'change-forwarder': [2], 'merge-worker': [3] } as const;
  return {
    ...drawn,
    ...targets,
    maxReceiveCount: 2,
    maximumRetryAttempts: 1,
    // Duplicate events, and every full-load file after the CDC files.
    deliveries: [
      ...drawn.deliveries.filter((d) => !isFullLoad(d.file)),
      ...drawn.deliveries.filter((d) => isFullLoad(d.file)),
    ].map((d, i) => ({ ...d, times: i % 3 === 0 ? 2 : 1 })),
    crashBefore: all,
    crashAfter: { 'warehouse-loader': [2], 'change-forwarder': [3], 'merge-worker': [5] },
    redeliver: { 'warehouse-loader': [3], 'change-forwarder': [4], 'merge-worker': [7] },
    putRecordsCrash: [2],
    putRecordsThrottle: [1, 3],
    brokenTransactions: [2],
    warehouseErrors: [1],
    afterStaging: targets.warehouse === 'duckdb' ? [] : [2],
    speedLayerOutage: { atDelivery: 2, ms: 1_500 },
    kill: { atDelivery: 4 },
  };
}

/**
 * The short version of `pnpm chaos`: the same runs on the local stack, with every fault kind made to fire,
 * against each warehouse kind and both speed-layer servers. Both sinks must equal the oracle afterwards.
 */
describe('chaos on the local stack', { timeout: 240_000 }, () => {
  it('every fault kind fires, and both sinks end equal to the oracle, on every warehouse and server', async () => {
    const plans = [
      everyFault(11, { warehouse: 'bigquery', speedLayer: 'postgres' }),
      everyFault(12, { warehouse: 'snowflake', speedLayer: 'mysql' }),
      everyFault(13, { warehouse: 'duckdb', speedLayer: 'postgres' }),
    ];
    const results = await Promise.all(plans.map((plan) => runChaos(plan)));
    for (const r of results) {
      const detail = [...r.warehouse.examples, ...r.speedLayer.examples].join('\n');
      expect(r.ok, `seed ${r.plan.seed}: ${detail} (logs ${r.logsDir})`).toBe(true);
      expect(r.warehouse).toMatchObject({ lost: 0, duplicated: 0, resurrected: 0, wrong: 0 });
      expect(r.speedLayer).toMatchObject({ lost: 0, duplicated: 0, resurrected: 0, wrong: 0 });
      expect(r.deadLetters).toBe(0);
    }
    const fired = (kind: FaultKind) => results.reduce((n, r) => n + (r.faults.get(kind) ?? 0), 0);
    const silent = FAULT_KINDS.filter((k) => fired(k) === 0);
    expect(silent, 'fault kinds that never fired').toEqual([]);
  });

  it('the same seed draws the same plan', () => {
    expect(drawChaosPlan(4242)).toEqual(drawChaosPlan(4242));
    expect(drawChaosPlan(4242)).not.toEqual(drawChaosPlan(4243));
  });
});
