import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startLocalStack } from '@ferry/local-stack';
import { backfillMessage, stageNames, type TableStatusReport } from '@ferry/ops';
import { generateWorkload, writeWorkload } from '@ferry/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../../..');

/** Runs `ferry …` from the repo root; resolves with the exit code instead of rejecting on a non-zero one. */
async function ferry(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['--import', 'tsx', 'packages/cli/src/main.ts', ...args], {
      cwd: repo,
      env: { ...process.env, NODE_NO_WARNINGS: '1', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/**
 * `ferry status` as a cron job runs it: a process reading the sinks `ferry run` filled, JSON on a pipe, exit 0 when
 * every table is fresh, 1 when one is not (here: a table mapped but never landed), 2 on an error.
 */
describe('ferry status', { timeout: 120_000 }, () => {
  let dir: string;
  let sinks: string[];
  const workload = generateWorkload({ seed: 5, rows: 200 });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-status-'));
    await writeWorkload(workload, join(dir, 'landing'), { mappingsDir: join(dir, 'mappings') });
    sinks = ['--warehouse', `duckdb:${join(dir, 'wh.duckdb')}`, '--speed-layer', `pglite:${join(dir, 'sl')}`];
    const landed = await ferry([
      'run',
      '--input',
      join(dir, 'landing'),
      '--mappings',
      join(dir, 'mappings'),
      ...sinks,
      '--json',
    ]);
    expect(landed.code, landed.stderr).toBe(0);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports every table in both sinks as fresh, as JSON, and exits 0', async () => {
    const { code, stdout, stderr } = await ferry(['status', '--mappings', join(dir, 'mappings'), ...sinks]);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as TableStatusReport;
    const entries = workload.mappings.flatMap((m) => Object.keys(m.tables).map((t) => `${m.source}:${t}`));
    expect(report.tables.length).toBe(entries.length * 2);
    expect(new Set(report.tables.map((r) => r.table))).toEqual(new Set(entries));
    expect(report.breaches).toBe(0);
    for (const row of report.tables) {
      expect(row.state).toBe('ok');
      expect(row.lastFile).toMatch(/^dms\//);
      expect(row.filesLastHour).toBeGreaterThan(0);
      expect(row.rowsLastDay).toMatch(/^[1-9]\d*$/);
      expect(row.freshnessMinutes).toBe(60);
    }
    // Files per table add up to what landed.
    const files = report.tables.filter((r) => r.sink === 'warehouse').reduce((n, r) => n + r.filesLastDay, 0);
    expect(files).toBe(workload.files.length);
  });

  it('exits 1 when a mapped table never committed, naming it, and --table narrows the report', async () => {
    const mappings = join(dir, 'mappings-more');
    await run('cp', ['-r', join(dir, 'mappings'), mappings]);
    const file = join(mappings, 'brand-a.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    json.tables['shop.refunds'] = { primaryKey: ['id'], freshnessMinutes: 5 };
    await writeFile(file, JSON.stringify(json));
    const all = await ferry(['status', '--mappings', mappings, ...sinks, '--json']);
    expect(all.code).toBe(1);
    const report = JSON.parse(all.stdout) as TableStatusReport;
    const never = report.tables.filter((r) => r.state !== 'ok');
    expect(never.map((r) => [r.table, r.sink, r.state, r.freshnessMinutes])).toEqual([
      ['brand-a:shop.refunds', 'speed-layer', 'never', 5],
      ['brand-a:shop.refunds', 'warehouse', 'never', 5],
    ]);
    expect(report.breaches).toBe(2);
    const one = await ferry(['status', '--mappings', mappings, ...sinks, '--table', 'shop.orders']);
    expect(one.code).toBe(0);
    expect(new Set((JSON.parse(one.stdout) as TableStatusReport).tables.map((r) => r.table))).toEqual(
      new Set(['brand-a:shop.orders', 'brand-b:shop.orders']),
    );
  });

  it('exits 2 with a reason on bad use: no sinks named, a table no source maps, a bad --freshness', async () => {
    const none = await ferry(['status', '--mappings', join(dir, 'mappings')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--stage <stage>, --local, or --warehouse\/--speed-layer/);
    const table = await ferry(['status', '--mappings', join(dir, 'mappings'), ...sinks, '--table', 'shop.nothing']);
    expect(table.code).toBe(2);
    expect(table.stderr).toMatch(/no source maps table shop\.nothing/);
    const freshness = await ferry(['status', ...sinks, '--freshness', '0']);
    expect(freshness.code).toBe(2);
    expect(freshness.stderr).toMatch(/--freshness "0" is not a whole number of minutes/);
  });

  it('--stage reads the stage queues: dead letters by queue, and a table whose files wait in a DLQ is failing', async () => {
    const stage = 'statustest';
    const names = stageNames(stage);
    const stack = await startLocalStack({ names: { ...names, bucket: `ferry-${stage}-landing` } });
    try {
      const sqs = new SQSClient(stack.clientConfig('sqs'));
      const t = stack.topology;
      await sqs.send(new SendMessageCommand({ QueueUrl: t.streamDlqUrl, MessageBody: '{"not":"an S3 event"}' }));
      const failed = 'dms/brand-a/shop/orders/20990101-000000001.parquet';
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: t.warehouseDlqUrl,
          MessageBody: backfillMessage({
            region: stack.region,
            topicArn: `arn:aws:sns:${stack.region}:000000000000:${names.topic}`,
            bucket: t.bucket,
            key: failed,
            size: 1,
            eTag: 'e',
            sequencer: '01',
            eventTime: new Date(),
          }),
        }),
      );
      sqs.destroy();
      const { code, stdout, stderr } = await ferry(
        ['status', '--stage', stage, '--mappings', join(dir, 'mappings'), ...sinks, '--region', stack.region],
        {
          AWS_ENDPOINT_URL_SQS: stack.endpoints.sqs,
          AWS_ACCESS_KEY_ID: stack.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: stack.credentials.secretAccessKey,
        },
      );
      expect(code, stderr).toBe(1);
      const report = JSON.parse(stdout) as TableStatusReport;
      expect(report.deadLetters).toEqual({
        [names.warehouseDlq]: 1,
        [names.streamDlq]: 1,
        [names.mergeFailureQueue]: 0,
      });
      expect(
        report.tables.filter((r) => r.state !== 'ok').map((r) => [r.table, r.sink, r.state, r.failedFiles]),
      ).toEqual([['brand-a:shop.orders', 'warehouse', 'failing', 1]]);
      // The listing put the messages back: nothing moved.
      expect((await stack.queueDepth(t.warehouseDlqUrl)).visible).toBe(1);
    } finally {
      await stack.stop();
    }
  });
});
