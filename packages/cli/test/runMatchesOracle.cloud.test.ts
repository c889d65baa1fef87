import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { openWarehouse } from '@ferry/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWorkload } from './support/checkWorkload.js';
import { startCloudSecrets } from './support/cloudWarehouses.js';
import { workloadForSeed } from './support/workloadForSeed.js';

// The foundation's property on the two cloud warehouses: each adapter opened from its URL (secrets read from
// Secrets Manager or a key file, key-pair / service-account login checked by the stand-in) and driven through
// its official SDK against the testkit stand-in, which runs the SQL on DuckDB. Fewer seeds than DuckDB's:
// every statement is an HTTP round trip here.
const run = promisify(execFile);
const SEEDS = Number(process.env.FERRY_PROPERTY_CLOUD_SEEDS ?? 6);

let cloud: Awaited<ReturnType<typeof startCloudSecrets>>;
beforeAll(async () => {
  cloud = await startCloudSecrets();
});
afterAll(async () => {
  await cloud?.stop();
});

for (const kind of ['snowflake', 'bigquery'] as const) {
  describe(`ferry run over shuffled, duplicated deliveries equals the oracle (${kind} stand-in)`, () => {
    for (let seed = 2001; seed < 2001 + SEEDS; seed++) {
      const deletes = seed % 2 === 0 ? 'soft' : 'hard';
      it(`seed ${seed} (${deletes} deletes)`, async () => {
        const standIn = await cloud[kind]();
        const warehouse = await openWarehouse(standIn.url, { readSecret: cloud.readSecret });
        try {
          await checkWorkload(workloadForSeed(seed, deletes), { warehouse });
        } finally {
          await warehouse.close();
          await standIn.stop();
        }
      });
    }
  });
}

describe('ferry run --warehouse <cloud URL>, as a process', () => {
  const repo = resolve(import.meta.dirname, '../../..');
  const ferry = (...args: string[]) =>
    run('node', ['--import', 'tsx', 'packages/cli/src/main.ts', ...args], {
      cwd: repo,
      env: { ...process.env, ...cloud.env, FERRY_MASK_KEY: 'k' },
    });

  it.each(['snowflake', 'bigquery'] as const)('lands the sample in %s, then finds every file applied', async (kind) => {
    const standIn = await cloud[kind]();
    try {
      const args = ['run', '--input', 'examples', '--warehouse', standIn.url, '--speed-layer', 'none', '--json'];
      type Summary = {
        ok: boolean;
        tables: { sinks: Record<string, { filesCommitted: string[]; filesAlreadyApplied: string[] }> }[];
      };
      const first = JSON.parse((await ferry(...args)).stdout) as Summary;
      expect(first.ok).toBe(true);
      expect(first.tables.length).toBeGreaterThan(0);
      for (const t of first.tables) expect(t.sinks.warehouse?.filesCommitted.length).toBeGreaterThan(0);
      const again = JSON.parse((await ferry(...args)).stdout) as Summary;
      expect(again.ok).toBe(true);
      for (const t of again.tables) expect(t.sinks.warehouse?.filesCommitted).toEqual([]);
    } finally {
      await standIn.stop();
    }
  });
});
