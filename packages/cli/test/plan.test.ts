import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadBaseMappings } from '../src/plan/loadBaseMappings.js';

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

describe('ferry plan --stage', () => {
  it("models the stage's warehouse and batching, and lists what a deploy changes against --base", async () => {
    const base = await mkdtemp(join(tmpdir(), 'ferry-plan-base-'));
    try {
      // The stage ran brand-a only, with orders under hard deletes.
      const brandA = JSON.parse(await readFile(join(repo, 'mappings/brand-a.json'), 'utf8'));
      brandA.tables['shop.orders'].warehouse.deletes = 'hard';
      delete brandA.$schema;
      await writeFile(join(base, 'brand-a.json'), JSON.stringify(brandA));
      const { code, stdout } = await ferryPlan('--stage', 'prod', '--base', base, '--json');
      expect(code).toBe(0);
      const plan = JSON.parse(stdout);
      expect(plan.stage).toBe('prod');
      expect(plan.quotas.settings).toMatchObject({ warehouse: 'snowflake', window: 120, mergeInterval: 900 });
      expect(plan.changes.against).toBe(base);
      expect(plan.changes.tables.map((t: { id: string; change: string }) => `${t.change} ${t.id}`)).toEqual([
        'changed brand-a:shop.orders',
        'added brand-b:shop.customers',
        'added brand-b:shop.order_items',
        'added brand-b:shop.orders',
      ]);
      expect(plan.changes.tables[0].details[0]).toMatch(
        /^warehouse: analytics\.orders \(hard.* → analytics\.orders \(soft/,
      );
      expect(plan.changes.prefixes).toEqual({ added: ['dms/brand-b/'], removed: [] });
      expect(plan.changes.unchanged).toBe(2);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  it('diffs against the mappings of the deployed/<stage> tag, and calls a stage without one a first deploy', async () => {
    const git = await mkdtemp(join(tmpdir(), 'ferry-plan-git-'));
    const sh = (...args: string[]) => run('git', args, { cwd: git });
    try {
      await mkdir(join(git, 'mappings'));
      const brandA = await readFile(join(repo, 'mappings/brand-a.json'), 'utf8');
      await writeFile(join(git, 'mappings/brand-a.json'), brandA.replace('"$schema": "./mappings.schema.json",', ''));
      const first = await loadBaseMappings({ mappingsDir: join(git, 'mappings'), stage: 'dev' }).catch((e) => e);
      // Not a git checkout yet: named, with the way out.
      expect(String(first)).toMatch(/not in a git checkout.*--base/s);
      await sh('init', '-q');
      await sh('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'empty');
      const none = await loadBaseMappings({ mappingsDir: join(git, 'mappings'), stage: 'dev' });
      expect(none.against).toMatch(/no deployed\/dev tag: a first deploy/);
      expect(none.mappings.sources).toEqual([]);
      await sh('add', 'mappings');
      await sh('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'brand-a');
      await sh('tag', 'deployed/dev');
      await rm(join(git, 'mappings/brand-a.json'));
      const deployed = await loadBaseMappings({ mappingsDir: join(git, 'mappings'), stage: 'dev' });
      expect(deployed.against).toBe('deployed/dev (mappings)');
      expect(deployed.mappings.sources.map((s) => s.source)).toEqual(['brand-a']);
    } finally {
      await rm(git, { recursive: true, force: true });
    }
  });
});
