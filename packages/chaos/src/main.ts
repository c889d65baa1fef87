import { parseArgs } from 'node:util';
import type { ChaosRunResult } from './ChaosRunResult.js';
import { chaosTotals } from './ChaosTotals.js';
import { drawChaosPlan } from './drawChaosPlan.js';
import { formatChaosRun } from './formatChaosRun.js';
import { formatChaosTotals } from './formatChaosTotals.js';
import { runChaos } from './runChaos.js';

const HELP = `pnpm chaos [--runs N] [--seed S] [--parallel P]

Seeded runs of the whole local pipeline under injected faults, each compared with its workload's oracle.
Run i uses seed S+i: its workload, targets and fault plan follow from that seed alone.
Exit code 1 when any run loses, duplicates, resurrects or changes a row, or leaves a message behind.

  --runs N       how many runs (default 20)
  --seed S       the first run's seed (default: drawn from the clock, and printed)
  --parallel P   runs at once (default 4)

Examples:
  $ pnpm chaos
  $ pnpm chaos --runs 500 --seed 1
  $ pnpm chaos --runs 1 --seed 1042     # reproduce one run`;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    seed: { type: 'string' },
    parallel: { type: 'string', default: '4' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const whole = (name: string, text: string | undefined, fallback: number) => {
  const v = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(v) || v < 0) {
    console.error(`--${name} must be a whole number, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return v;
};
const runs = whole('runs', values.runs, 20);
const firstSeed = whole('seed', values.seed, Date.now() % 1_000_000);
const parallel = Math.max(1, whole('parallel', values.parallel, 4));

console.log(`chaos: ${runs} runs from seed ${firstSeed}, ${parallel} at a time`);
const started = Date.now();
const results: ChaosRunResult[] = [];
let next = 0;
let printed = 0;
async function worker(): Promise<void> {
  while (next < runs) {
    const i = next++;
    const result = await runChaos(drawChaosPlan(firstSeed + i));
    results.push(result);
    console.log(formatChaosRun(result, printed++, runs));
  }
}
await Promise.all(Array.from({ length: Math.min(parallel, runs) }, () => worker()));
const totals = chaosTotals(results);
console.log(formatChaosTotals(totals, firstSeed, (Date.now() - started) / 1000));
process.exitCode = totals.failed.length === 0 ? 0 : 1;
