import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { secretsManagerReader } from '@ferry/aws';
import { FerryError, type Sink, type TableRef } from '@ferry/core';
import { loadStageConfig, type StageConfig } from '@ferry/deploy';
import { loadMappings } from '@ferry/mappings';
import {
  findReloadTargets,
  landingBucketName,
  parseSince,
  queueAccountId,
  type ReloadReport,
  type ReloadTarget,
  reloadAudit,
  reloadTable,
  stageNames,
} from '@ferry/ops';
import { openSpeedLayer } from '@ferry/speed-layer';
import { openWarehouse } from '@ferry/warehouse';
import { type Command, Option } from 'commander';
import { awsSecretReader } from '../awsSecretReader.js';
import { resetSqlOf } from './resetSqlOf.js';

interface ReloadOptions {
  stage: string;
  source: string;
  table: string;
  sink: 'warehouse' | 'speed-layer' | 'both';
  since?: string;
  dryRun?: boolean;
  yes?: boolean;
  warehouse?: string;
  speedLayer?: string;
  bucket?: string;
  mappings: string;
  region?: string;
  rate: number;
  json?: boolean;
}

/** `ferry reload`: wiring only; the work is `findReloadTargets` and `reloadTable` in @ferry/ops. */
export function registerReloadCommand(program: Command): void {
  program
    .command('reload')
    .description(
      'reset one target table in its sink(s) (drop it and ferry’s bookkeeping of it) and backfill every mapping entry that feeds it',
    )
    .requiredOption(
      '--stage <stage>',
      'the deployed stage: config/<stage>.json, queues ferry-<stage>-warehouse / -stream',
    )
    .requiredOption('--source <id>', 'the mapping source id')
    .requiredOption('--table <schema.table>', 'the source table as the mapping names it')
    .addOption(
      new Option('--sink <sink>', 'which sink(s) to reload')
        .choices(['warehouse', 'speed-layer', 'both'])
        .default('both'),
    )
    .option(
      '--since <time>',
      'CDC files named at or after this (ISO time or 30m/6h/2d back); the full load is sent anyway',
    )
    .option('--dry-run', 'print what would be dropped, deleted and sent; change nothing')
    .option('--yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .option('--warehouse <url>', "the warehouse URL (default: config/<stage>.json's)")
    .option('--speed-layer <url>', "the speed layer URL (default: the stage's speedLayer.urlSecret)")
    .option('--bucket <name>', "the landing bucket (default: config/<stage>.json's, or the name the stack gave it)")
    .option('--mappings <dir>', 'folder of mapping JSON files, as deployed', './mappings')
    .option('--region <region>', "AWS region (default: config/<stage>.json's)")
    .addOption(
      new Option('--rate <files/s>', 'files per second at most').default(50).argParser((v) => Number.parseFloat(v)),
    )
    .option('--json', 'JSON (the default when stdout is not a terminal)')
    .addHelpText(
      'after',
      `
Every mapping entry that feeds the same target (sources told apart by a tenant column) is reloaded too: the
reset drops their rows as well. Safe while live files flow and safe to rerun (also after a crash half way).
Runbook: docs/operations.md.

Examples:
  $ pnpm ferry reload --stage prod --source brand-a --table shop.orders --dry-run
  $ pnpm ferry reload --stage prod --source brand-a --table shop.orders --sink speed-layer
  $ pnpm ferry reload --stage prod --source brand-a --table shop.orders --since 2024-05-01T00:00:00Z --yes`,
    )
    .action(async (opts: ReloadOptions) => {
      await reload(opts);
    });
}

async function reload(opts: ReloadOptions): Promise<void> {
  const now = new Date();
  const json = opts.json === true || process.stdout.isTTY !== true;
  const table = parseTable(opts.table);
  const since = opts.since === undefined ? undefined : parseTime(opts.since, now);
  const mappings = await loadMappings(resolve(opts.mappings));
  const targets = findReloadTargets(mappings, opts.source, table, opts.sink);
  const config: StageConfig = await loadStageConfig(opts.stage, { root: process.cwd() });
  const region = opts.region ?? config.region;
  const readSecret =
    region === undefined ? awsSecretReader() : secretsManagerReader(new SecretsManagerClient({ region }));
  const names = stageNames(opts.stage);
  const audit = (outcome: 'done' | 'dry-run' | 'refused' | 'failed', error?: string) =>
    console.error(
      JSON.stringify(
        reloadAudit(
          {
            who: process.env.USER ?? userInfo().username,
            stage: opts.stage,
            target: targets.map((t) => `${t.sink}:${targetName(t)}`).join(', '),
            entries: [...new Set(targets.flatMap((t) => t.entries.map((e) => e.id)))],
            sinks: targets.map((t) => t.sink),
            since: since?.toISOString(),
            outcome,
            ...(error === undefined ? {} : { error }),
          },
          new Date(),
        ),
      ),
    );

  const sinks = new Map<'warehouse' | 'speed-layer', Sink>();
  const s3 = new S3Client(region === undefined ? {} : { region });
  const sqs = new SQSClient(region === undefined ? {} : { region });
  try {
    for (const t of targets) {
      if (t.sink === 'warehouse') {
        const url = opts.warehouse ?? config.warehouse.url;
        sinks.set('warehouse', await openWarehouse(url, { readSecret }));
      } else {
        const url = opts.speedLayer ?? (config.speedLayer ? await readSecret(config.speedLayer.urlSecret) : undefined);
        if (url === undefined) throw new FerryError('no speed layer URL', { hint: 'Pass --speed-layer <url>' });
        sinks.set('speed-layer', await openSpeedLayer(url));
      }
    }
    let bucket = opts.bucket ?? landingBucketName(opts.stage, config);
    if (bucket === undefined)
      bucket = landingBucketName(opts.stage, config, await queueAccountId(sqs, names.warehouseQueue));
    if (bucket === undefined) throw new FerryError('no landing bucket', { hint: 'Name it with --bucket' });
    const deps = { s3, sqs, mappings, sinkOf: (sink: ReloadTarget['sink']) => sinks.get(sink)!, resetSqlOf };
    const run = (dryRun: boolean) =>
      reloadTable(deps, {
        targets,
        bucket: bucket!,
        queues: { warehouse: names.warehouseQueue, stream: names.streamQueue },
        topic: names.topic,
        since,
        rate: opts.rate,
        dryRun,
      });

    print(await run(true), json, 'would reset');
    if (opts.dryRun) {
      audit('dry-run');
      return;
    }
    if (opts.yes !== true) {
      if (process.stdin.isTTY !== true) {
        audit('refused');
        throw new FerryError('refusing to reload without confirmation', {
          hint: 'Pass --yes when stdin is not a terminal',
        });
      }
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const answer = await rl.question(`Type ${opts.table} to drop and reload it: `);
      rl.close();
      if (answer.trim() !== opts.table) {
        audit('refused');
        throw new FerryError('confirmation did not match: nothing changed');
      }
    }
    try {
      print(await run(false), json, 'reset and backfilled');
      audit('done');
    } catch (error) {
      audit('failed', (error as Error).message);
      throw error;
    }
  } finally {
    for (const sink of sinks.values()) await sink.close();
    s3.destroy();
    sqs.destroy();
  }
}

function targetName(t: ReloadTarget): string {
  return t.target.namespace === undefined ? t.target.name : `${t.target.namespace}.${t.target.name}`;
}

function print(reports: readonly ReloadReport[], json: boolean, verb: string): void {
  if (json) {
    console.log(JSON.stringify(reports));
    return;
  }
  for (const r of reports) {
    console.log(`${verb} ${r.sink} ${r.target} (entries: ${r.entries.join(', ')}), ${r.files} file(s) sent or to send`);
    for (const s of r.statements.length > 0 ? r.statements : r.drops) console.log(`  ${s}`);
    if (r.statements.length === 0) for (const s of r.deletes) console.log(`  ${s} (if the table exists)`);
  }
}

function parseTable(text: string): TableRef {
  const dot = text.indexOf('.');
  if (dot <= 0 || dot === text.length - 1 || text.includes('/')) {
    throw new FerryError(`--table ${JSON.stringify(text)} is not <schema>.<table>`, {
      hint: 'Name the source table as the mapping does, e.g. --table shop.orders',
    });
  }
  return { schema: text.slice(0, dot), table: text.slice(dot + 1) };
}

function parseTime(text: string, now: Date): Date {
  try {
    return parseSince(text, now);
  } catch (error) {
    throw new FerryError(`--since ${JSON.stringify(text)} is neither an ISO time nor a span like 30m, 6h or 2d`, {
      hint: 'Use e.g. --since 2024-05-01T00:00:00Z or --since 6h',
      cause: error,
    });
  }
}
