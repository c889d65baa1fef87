import { resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { FerryError, type TableRef } from '@ferry/core';
import { loadStageConfig, type StageConfig } from '@ferry/deploy';
import { loadMappings } from '@ferry/mappings';
import {
  BACKFILL_SINKS,
  type BackfillSink,
  backfill,
  landingBucketName,
  parseSince,
  queueAccountId,
  stageNames,
} from '@ferry/ops';
import { onboardedTables } from '@ferry/plan';
import { type Command, Option } from 'commander';
import { loadBaseMappings } from '../plan/loadBaseMappings.js';
import { backfillOutput } from './backfillOutput.js';

interface BackfillCommandOptions {
  stage: string;
  source?: string[];
  onboarded?: boolean;
  table?: string;
  since?: string;
  until?: string;
  sink: BackfillSink;
  rate: number;
  bucket?: string;
  mappings: string;
  dryRun?: boolean;
  json?: boolean;
}

/** `ferry backfill`: wiring only; the work is `backfill` in @ferry/ops. */
export function registerBackfillCommand(program: Command): void {
  program
    .command('backfill')
    .description(
      "re-send a source's landed DMS files (full load, then CDC by file time) to the warehouse and/or stream queue as S3 events, rate-limited",
    )
    .requiredOption(
      '--stage <stage>',
      'the deployed stage: queues ferry-<stage>-warehouse / -stream, config/<stage>.json',
    )
    .option('--source <id...>', 'mapping source id(s) whose prefix is listed')
    .option(
      '--onboarded',
      'instead of --source/--table: every table the mappings onboard since the git tag deployed/<stage> (new entries, or entries newly sent to a sink), each to the sinks it is new to',
    )
    .option('--table <schema.table>', 'only this source table (its <prefix><schema>/<table>/ folder)')
    .option('--since <time>', 'CDC files named at or after this (ISO time or 30m/6h/2d back); leaves the full load out')
    .option('--until <time>', 'CDC files named before this (ISO time or 30m/6h/2d back)')
    .addOption(new Option('--sink <sink>', 'which queue(s) to send to').choices(BACKFILL_SINKS).default('both'))
    .addOption(
      new Option('--rate <files/s>', 'files per second at most').default(50).argParser((v) => Number.parseFloat(v)),
    )
    .option('--bucket <name>', "the landing bucket (default: config/<stage>.json's, or the name the stack gave it)")
    .option('--mappings <dir>', 'folder of mapping JSON files, as deployed', './mappings')
    .option('--dry-run', 'list what would be sent, send nothing')
    .option('--json', 'JSON lines (the default when stdout is not a terminal)')
    .addHelpText(
      'after',
      `
Safe while live CDC flows, and safe to run twice: each sink's ledger records every committed file in the same
transaction as its rows, so a file it already has changes nothing, and both sinks apply a row change only when
it is newer than the row's stored position, so old files arriving after newer live ones change nothing either.

Full-load files (LOAD…, no time in their name) are sent unless --since is given. The bucket is read from
config/<stage>.json; for a bucket the stack created without a name, its account is read from the stage's
warehouse queue. Runbook: docs/operations.md#backfill.

Examples:
  $ pnpm ferry backfill --stage prod --source brand-a --table shop.orders --dry-run
  $ pnpm ferry backfill --stage prod --source brand-a --table shop.orders --sink speed-layer --rate 20
  $ pnpm ferry backfill --stage prod --source brand-a brand-b --since 2024-05-01T00:00:00Z --until 6h --json
  $ pnpm ferry backfill --stage prod --onboarded      # after a deploy, before moving the deployed/prod tag`,
    )
    .action(async (opts: BackfillCommandOptions) => {
      if (opts.onboarded === true && (opts.source !== undefined || opts.table !== undefined)) {
        throw new FerryError('--onboarded picks the tables itself: leave out --source and --table');
      }
      if (opts.onboarded !== true && opts.source === undefined) {
        throw new FerryError('name the source(s) to backfill', { hint: 'Use --source <id> or --onboarded' });
      }
      const now = new Date();
      const names = stageNames(opts.stage);
      const table = opts.table === undefined ? undefined : parseTable(opts.table);
      const since = opts.since === undefined ? undefined : parseTime('--since', opts.since, now);
      const until = opts.until === undefined ? undefined : parseTime('--until', opts.until, now);
      let config: StageConfig | undefined;
      try {
        config = await loadStageConfig(opts.stage, { root: process.cwd() });
      } catch (error) {
        // With --bucket the config only gives the region, which the environment can give as well.
        if (opts.bucket === undefined) throw error;
      }
      const mappings = await loadMappings(resolve(opts.mappings));
      const region = config?.region === undefined ? {} : { region: config.region };
      const s3 = new S3Client(region);
      const sqs = new SQSClient(region);
      try {
        let bucket = opts.bucket ?? (config && landingBucketName(opts.stage, config));
        if (bucket === undefined && config) {
          bucket = landingBucketName(opts.stage, config, await queueAccountId(sqs, names.warehouseQueue));
        }
        if (bucket === undefined) throw new FerryError('no landing bucket', { hint: 'Name it with --bucket' });
        const json = opts.json === true || process.stdout.isTTY !== true;
        const progress = !json && process.stderr.isTTY === true;
        const jobs: { sources: readonly string[]; table?: TableRef; sink: BackfillSink }[] = [];
        if (opts.onboarded === true) {
          const base = await loadBaseMappings({ mappingsDir: opts.mappings, stage: opts.stage });
          for (const t of onboardedTables(base.mappings, mappings)) {
            jobs.push({ sources: [t.source], table: { schema: t.schema, table: t.table }, sink: t.sink });
          }
          if (jobs.length === 0) console.error(`no table onboarded against ${base.against}: nothing to backfill`);
        } else {
          jobs.push({ sources: opts.source ?? [], ...(table ? { table } : {}), sink: opts.sink });
        }
        for (const job of jobs) {
          const report = await backfill(
            {
              s3,
              sqs,
              mappings,
              onProgress: progress
                ? (sent, total) => process.stderr.write(`\rsent ${sent}/${total} file(s)`)
                : undefined,
            },
            {
              bucket,
              sources: job.sources,
              ...(job.table ? { table: job.table } : {}),
              ...(since ? { since } : {}),
              ...(until ? { until } : {}),
              sink: job.sink,
              queues: { warehouse: names.warehouseQueue, stream: names.streamQueue },
              topic: names.topic,
              rate: opts.rate,
              dryRun: opts.dryRun === true,
            },
          );
          if (progress && report.files.length > 0 && !report.dryRun) process.stderr.write('\n');
          console.log(backfillOutput(report, json));
        }
      } finally {
        s3.destroy();
        sqs.destroy();
      }
    });
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

function parseTime(flag: string, text: string, now: Date): Date {
  try {
    return parseSince(text, now);
  } catch (error) {
    throw new FerryError(`${flag} ${JSON.stringify(text)} is neither an ISO time nor a span like 30m, 6h or 2d`, {
      hint: `Use e.g. ${flag} 2024-05-01T00:00:00Z or ${flag} 6h`,
      cause: error,
    });
  }
}
