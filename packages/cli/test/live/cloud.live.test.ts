import { randomBytes } from 'node:crypto';
import type { Sink } from '@ferry/core';
import { openWarehouse } from '@ferry/warehouse';
import { afterAll, describe, it } from 'vitest';
import { awsSecretReader } from '../../src/awsSecretReader.js';
import { checkWorkload } from '../support/checkWorkload.js';
import { workloadForSeed } from '../support/workloadForSeed.js';

// The cloud property of runMatchesOracle.cloud.test.ts against the real warehouses. Each run lands in
// schemas/datasets of its own (`raw_live<run><n>`), dropped afterwards.
const SUITES = [
  { kind: 'snowflake', variable: 'FERRY_LIVE_SNOWFLAKE_URL' },
  { kind: 'bigquery', variable: 'FERRY_LIVE_BIGQUERY_URL' },
] as const;
const SEEDS = Number(process.env.FERRY_LIVE_SEEDS ?? 2);
const run = randomBytes(3).toString('hex');

for (const { kind, variable } of SUITES) {
  const url = process.env[variable];
  if (url === undefined || url === '') {
    console.log(`${kind} live suite skipped: ${variable} is not set (a ${kind}:// URL, see docs/warehouses.md)`);
  }
  describe.skipIf(url === undefined || url === '')(`ferry run on real ${kind} equals the oracle`, () => {
    const created = new Set<string>();
    let warehouse: Sink;
    afterAll(async () => {
      if (warehouse === undefined) return;
      for (const namespace of created) {
        // ferry creates its schemas with quoted, lower-case names; unquoted, Snowflake would upper-case them.
        const quoted = kind === 'snowflake' ? `"${namespace}"` : `\`${namespace}\``;
        await warehouse.query(`DROP SCHEMA IF EXISTS ${quoted} CASCADE`).catch((error: unknown) => {
          console.log(`could not drop ${namespace}: ${String(error)}`);
        });
      }
      await warehouse.close();
    });

    for (let seed = 3001; seed < 3001 + SEEDS; seed++) {
      const deletes = seed % 2 === 0 ? 'soft' : 'hard';
      it(`seed ${seed} (${deletes} deletes)`, async () => {
        warehouse ??= await openWarehouse(url!, { readSecret: awsSecretReader() });
        const sources = [`live${run}${seed}a`, `live${run}${seed}b`];
        for (const source of sources) created.add(`raw_${source}`);
        await checkWorkload({ ...workloadForSeed(seed, deletes), sources, consolidated: false }, { warehouse });
      });
    }
  });
}
