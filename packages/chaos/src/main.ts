import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { ChaosRunResult } from './ChaosRunResult.js';
import { chaosTotals } from './ChaosTotals.js';
import { drawChaosPlan } from './drawChaosPlan.js';
import type { FaultKind } from './FAULT_KINDS.js';
import { formatChaosRun } from './formatChaosRun.js';
import { formatChaosTotals } from './formatChaosTotals.js';
import { runChaos } from './runChaos.js';

const HELP = `pnpm chaos [--runs N] [--seed S] [--parallel P] [--workers W]

Seeded runs of the whole local pipeline under injected faults, each compared with its workload's oracle.
Run i uses seed S+i: its workload, targets and fault plan follow from that seed alone.
Exit code 1 when any run loses, duplicates, resurrects or changes a row, or leaves a message behind.

  --runs N       how many runs (default 20)
  --seed S       the first run's seed (default: drawn from the clock, and printed)
  --parallel P   runs at once in each worker process (default 4)
  --workers W    worker processes (default 2: one Node process keeps one core busy)

Examples:
  $ pnpm chaos
  $ pnpm chaos --runs 500 --seed 1
  $ pnpm chaos --runs 1 --seed 1042     # reproduce one run`;

const RESULT = 'CHAOS_RESULT ';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    seed: { type: 'string' },
    parallel: { type: 'string', default: '4' },
    workers: { type: 'string', default: '2' },
    // Internal: a worker runs seeds seed+offset, seed+offset+stride, … and prints each result as a JSON line.
    offset: { type: 'string' },
    stride: { type: 'string' },
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

if (values.offset !== undefined) {
  const offset = whole('offset', values.offset, 0);
  const stride = Math.max(1, whole('stride', values.stride, 1));
  const seeds: number[] = [];
  for (let i = offset; i < runs; i += stride) seeds.push(firstSeed + i);
  await inParallel(seeds, async (seed) => {
    const r = await runChaos(drawChaosPlan(seed));
    process.stdout.write(`${RESULT}${JSON.stringify({ ...r, faults: Object.fromEntries(r.faults) })}\n`);
  });
  process.exit(0);
}

const workers = Math.max(1, Math.min(whole('workers', values.workers, 2), runs));
console.log(`chaos: ${runs} runs from seed ${firstSeed}, ${workers} worker processes × ${parallel} at a time`);
const started = Date.now();
const results: ChaosRunResult[] = [];
const script = new URL(import.meta.url).pathname;
await Promise.all(
  Array.from({ length: workers }, async (_, offset) => {
    const child = spawn(
      process.execPath,
      [
        ...process.execArgv,
        script,
        ...['--runs', String(runs), '--seed', String(firstSeed), '--parallel', String(parallel)],
        ...['--offset', String(offset), '--stride', String(workers)],
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    for await (const line of createInterface({ input: child.stdout })) {
      if (!line.startsWith(RESULT)) continue;
      const parsed = JSON.parse(line.slice(RESULT.length)) as ChaosRunResult & { faults: Record<FaultKind, number> };
      const result = { ...parsed, faults: new Map(Object.entries(parsed.faults)) as Map<FaultKind, number> };
      results.push(result);
      console.log(formatChaosRun(result, results.length - 1, runs));
    }
    const code = await new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.on('close', resolve);
    });
    if (code !== 0) throw new Error(`chaos worker ${offset} exited with ${code}`);
  }),
);
const totals = chaosTotals(results);
console.log(formatChaosTotals(totals, firstSeed, (Date.now() - started) / 1000));
process.exitCode = totals.failed.length === 0 && results.length === runs ? 0 : 1;

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
