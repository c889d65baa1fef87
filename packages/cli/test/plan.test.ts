import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../../..');

/** Runs `ferry plan …` from the repo root; resolves with the exit code instead of rejecting on a non-zero one. */
async function ferryPlan(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['--import', 'tsx', 'packages/cli/src/main.ts', 'plan', ...args], {
      cwd: repo,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('ferry plan', () => {
  it("prints the repo mappings' BigQuery quotas as JSON, every table at 480 modifications/day, and exits 0", async () => {
    const { code, stdout } = await ferryPlan('--json');
    expect(code).toBe(0);
    const { quotas } = JSON.parse(stdout);
    expect(quotas.settings).toMatchObject({ warehouse: 'bigquery', window: 60, concurrency: 2, mergeInterval: 180 });
    expect(
      quotas.targets.map((t: { target: string; sources: string[]; mergesPerDay: number }) => [
        t.target,
        t.sources,
        t.mergesPerDay,
      ]),
    ).toEqual([
      ['analytics.customers', ['brand-a', 'brand-b'], 480],
      ['analytics.order_items', ['brand-a', 'brand-b'], 480],
      ['analytics.orders', ['brand-a', 'brand-b'], 480],
    ]);
    expect(quotas.ok).toBe(true);
  });

  it('exits 1 and says so when a table goes over budget, so CI can run it', async () => {
    const { code, stdout } = await ferryPlan('--merge-interval', '0');
    expect(code).toBe(1);
    expect(stdout).toMatch(/analytics\.orders\s+target\s+2,880\s+OVER/);
    expect(stdout).toContain('OVER BUDGET');
  });

  it('refuses a setting AWS does not allow, naming the option, with exit code 2 (not "over budget")', async () => {
    const bad = await ferryPlan('--window', '301');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--window must be a whole number of seconds from 0 to 300');
    const unknown = await ferryPlan('--warehouse', 'redshift');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('redshift');
  });
});
