import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../../..');

/** The README's commands, as a newcomer runs them: `ferry run` over the bundled sample, then `ferry query`. */
describe('the README quick start', () => {
  let state: string;
  let sinks: string[];
  const ferry = (...args: string[]) =>
    run('node', ['--import', 'tsx', 'packages/cli/src/main.ts', ...args, ...sinks], {
      cwd: repo,
      env: { ...process.env, FERRY_MASK_KEY: 'k' },
    });

  beforeAll(async () => {
    state = await mkdtemp(join(tmpdir(), 'ferry-readme-'));
    sinks = [
      '--warehouse',
      `duckdb:${join(state, 'warehouse.duckdb')}`,
      '--speed-layer',
      `pglite:${join(state, 'speed-layer')}`,
    ];
  });
  afterAll(async () => {
    await rm(state, { recursive: true, force: true });
  });

  it('lands the sample in both sinks and says so', async () => {
    const { stdout } = await ferry('run', '--input', 'examples');
    expect(stdout).toMatch(/brand-a:shop\.orders\s+11\s+207 → \+107/);
    expect(stdout).toContain('OK: every mapped file was committed.');
  });

  it('changes nothing when run again: every file is already applied', async () => {
    const { stdout } = await ferry('run', '--input', 'examples', '--json');
    const summary = JSON.parse(stdout) as {
      ok: boolean;
      tables: { sinks: Record<string, { filesCommitted: string[]; filesAlreadyApplied: string[] }> }[];
    };
    expect(summary.ok).toBe(true);
    for (const t of summary.tables) {
      for (const sink of Object.values(t.sinks)) {
        expect(sink.filesCommitted).toEqual([]);
        expect(sink.filesAlreadyApplied).toHaveLength(11);
      }
    }
  });

  it('shows exact values through ferry query in both sinks', async () => {
    const warehouse = await ferry(
      'query',
      'warehouse',
      'select brand_id, id, total from analytics.orders_live order by id desc, brand_id limit 1',
      '--json',
    );
    expect(JSON.parse(warehouse.stdout)).toEqual({
      brand_id: 'brand-a',
      id: '18446744073709551615',
      total: '9999999999999999999999999999999999.9999',
    });
    const speed = await ferry('query', 'speed-layer', 'select count(*) as n from orders', '--json');
    const live = await ferry('query', 'warehouse', 'select count(*) as n from analytics.orders_live', '--json');
    expect(JSON.parse(speed.stdout)).toEqual(JSON.parse(live.stdout));
  });

  it('runs the whole pipeline live (pnpm start = ferry dev) and ends with both sinks equal to the source', async () => {
    const scripts = (JSON.parse(await readFile(join(repo, 'package.json'), 'utf8')) as { scripts: { start: string } })
      .scripts;
    expect(scripts.start).toMatch(/packages\/cli\/src\/main\.ts dev$/);
    const { stdout } = await run(
      'node',
      [
        '--import',
        'tsx',
        'packages/cli/src/main.ts',
        'dev',
        '--duration',
        '6',
        '--rate',
        '100',
        '--state',
        join(state, 'dev'),
        '--json',
      ],
      { cwd: repo, env: { ...process.env, FERRY_MASK_KEY: 'k' } },
    );
    const summary = JSON.parse(stdout) as {
      drained: boolean;
      rowsWritten: number;
      matchesSource: { warehouse: boolean; speedLayer: boolean };
      deadLetters: Record<string, number>;
      latency: { speedLayer: { files: number } };
    };
    expect(summary).toMatchObject({
      drained: true,
      matchesSource: { warehouse: true, speedLayer: true },
      deadLetters: { warehouse: 0, stream: 0, mergeFailures: 0 },
    });
    expect(summary.rowsWritten).toBeGreaterThan(400);
    expect(summary.latency.speedLayer.files).toBeGreaterThan(20);

    // While it ran, dev kept a status report for `ferry status --local` (its sinks are locked to its process).
    const status = await run(
      'node',
      ['--import', 'tsx', 'packages/cli/src/main.ts', 'status', '--local', '--state', join(state, 'dev'), '--json'],
      { cwd: repo },
    );
    const report = JSON.parse(status.stdout) as { tables: { table: string; sink: string; state: string }[] };
    expect(report.tables.length).toBeGreaterThan(0);
    expect(new Set(report.tables.map((r) => r.sink))).toEqual(new Set(['warehouse', 'speed-layer']));
    expect(report.tables.every((r) => r.state === 'ok')).toBe(true);
  });

  it('exits non-zero and names the file, path and fix for a bad mapping', async () => {
    const dir = join(state, 'bad-mappings');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'brand-a.json'),
      JSON.stringify({ source: 'brand-a', prefix: 'dms/brand-a/', tables: { 'shop.orders': { primarykey: ['id'] } } }),
    );
    const failure = await ferry('run', '--input', 'examples', '--mappings', dir).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'brand-a.json: tables["shop.orders"]: unknown key "primarykey" — did you mean "primaryKey"?',
      ),
    });
  });
});
