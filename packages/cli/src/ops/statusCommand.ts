import { access, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { secretsManagerReader } from '@ferry/aws';
import { FerryError, type Sink } from '@ferry/core';
import { loadStageConfig } from '@ferry/deploy';
import { loadMappings, type Mappings } from '@ferry/mappings';
import {
  type DlqMessage,
  failedFilesByEntry,
  locateQueue,
  replayDlqMessages,
  stageNames,
  type TableStatusInput,
  type TableStatusReport,
  tableStatus,
} from '@ferry/ops';
import { openSpeedLayer } from '@ferry/speed-layer';
import { openWarehouse } from '@ferry/warehouse';
import { type Command, Option } from 'commander';
import { awsSecretReader } from '../awsSecretReader.js';
import { DEV_STATUS_FILE } from '../dev/DEV_STATUS_FILE.js';
import { formatStatusReport } from './formatStatusReport.js';

interface StatusOptions {
  stage?: string;
  local?: boolean;
  state: string;
  warehouse?: string;
  speedLayer?: string;
  table?: string;
  freshness?: number;
  mappings: string;
  region?: string;
  json?: boolean;
}

/** A snapshot older than this means `ferry dev` is not running: read its sinks directly. */
const SNAPSHOT_MAX_AGE_MS = 30_000;

/**
 * `ferry status`: wiring only; the report is `tableStatus` in @ferry/ops. Exit 0 when every table is fresh, 1 when
 * any is stale or never committed, 2 on an error (commander's usage errors too), so cron and CI can act on it.
 */
export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('per mapped table and sink: last commit, lag, files and rows in the last hour and day, freshness')
    .option('--stage <stage>', "a deployed stage: its config/<stage>.json's warehouse, speed-layer secret and queues")
    .option('--local', 'the sinks of `ferry dev` (its snapshot while it runs, else its files)')
    .option('--state <dir>', 'with --local: the state folder of `ferry dev`', join('.ferry', 'dev'))
    .option('--warehouse <url>', 'a warehouse URL (overrides the stage\'s), or "none"')
    .option('--speed-layer <url>', 'a speed-layer URL (overrides the stage\'s secret), or "none"')
    .option('--table <schema.table>', 'only this source table, in every source that maps it')
    .addOption(
      new Option(
        '--freshness <minutes>',
        "stale after this long without a commit, for tables whose mapping sets no freshnessMinutes (default: the stage's alarms.freshnessMinutes, else 60)",
      ).argParser((v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1)
          throw new FerryError(`--freshness ${JSON.stringify(v)} is not a whole number of minutes`);
        return n;
      }),
    )
    .option('--mappings <dir>', 'folder of mapping JSON files, as deployed', './mappings')
    .option('--region <region>', "AWS region (default: config/<stage>.json's, else the environment's)")
    .option('--json', 'JSON (the default when stdout is not a terminal)')
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .addHelpText(
      'after',
      `
  Exit code 0 when every table committed within its freshness threshold, 1 when any did not (or never did),
  2 on an error. Run it from cron or CI to catch a stalled table.

  Examples:
    $ pnpm ferry status --stage prod
    $ pnpm ferry status --stage prod --table shop.orders --json
    $ pnpm ferry status --local
    $ pnpm ferry status --warehouse duckdb:.ferry/warehouse.duckdb --speed-layer none --freshness 30`,
    )
    .action(async (opts: StatusOptions) => {
      const json = opts.json === true || process.stdout.isTTY !== true;
      const report = await statusReport(opts);
      console.log(json ? JSON.stringify(report, null, 2) : formatStatusReport(report));
      process.exitCode = report.breaches > 0 ? 1 : 0;
    });
}

async function statusReport(opts: StatusOptions): Promise<TableStatusReport> {
  const modes = [opts.stage !== undefined, opts.local === true].filter(Boolean).length;
  if (modes > 1 || (modes === 0 && opts.warehouse === undefined && opts.speedLayer === undefined)) {
    throw new FerryError('say which sinks to read: --stage <stage>, --local, or --warehouse/--speed-layer <url>');
  }
  const now = new Date();
  if (opts.local) {
    const snapshot = await readSnapshot(join(opts.state, DEV_STATUS_FILE), now);
    if (snapshot) return snapshot;
  }
  const config = opts.stage === undefined ? undefined : await stageConfig(opts.stage, opts);
  const region = opts.region ?? config?.region;
  const readSecret =
    region === undefined ? awsSecretReader() : secretsManagerReader(new SecretsManagerClient({ region }));
  const mappings = await loadMappings(resolve(opts.mappings));
  const warehouseUrl =
    opts.warehouse ??
    config?.warehouse.url ??
    (opts.local ? `duckdb:${join(opts.state, 'warehouse.duckdb')}` : undefined);
  const speedLayerUrl =
    opts.speedLayer ??
    (config?.speedLayer ? await readSecret(config.speedLayer.urlSecret) : undefined) ??
    (opts.local ? `pglite:${join(opts.state, 'speed-layer')}` : undefined);
  const sinks: Sink[] = [];
  try {
    const warehouse =
      warehouseUrl && warehouseUrl !== 'none' ? await openWarehouse(warehouseUrl, { readSecret }) : undefined;
    if (warehouse) sinks.push(warehouse);
    const speedLayer = speedLayerUrl && speedLayerUrl !== 'none' ? await openSpeedLayer(speedLayerUrl) : undefined;
    if (speedLayer) sinks.push(speedLayer);
    return await tableStatus({
      mappings,
      warehouse,
      speedLayer,
      table: opts.table,
      defaultFreshnessMinutes: opts.freshness ?? config?.alarms.freshnessMinutes ?? 60,
      ...(opts.stage === undefined ? {} : await deadLetters(opts.stage, region, mappings)),
      now,
    });
  } finally {
    await Promise.allSettled(sinks.map((s) => s.close()));
  }
}

/** The stage's config; without a config/<stage>.json here the sinks must be named (`--warehouse`/`--speed-layer`). */
async function stageConfig(stage: string, opts: StatusOptions) {
  const root = process.cwd();
  if (
    await access(join(root, 'config', `${stage}.json`)).then(
      () => true,
      () => false,
    )
  ) {
    return loadStageConfig(stage, { root });
  }
  if (opts.warehouse === undefined && opts.speedLayer === undefined) {
    throw new FerryError(`config/${stage}.json not found`, {
      hint: 'Run from the repository root, or name the sinks with --warehouse/--speed-layer',
    });
  }
  return undefined;
}

/** `ferry dev` writes its report every few seconds; a recent one is the live answer (its sinks are locked). */
async function readSnapshot(file: string, now: Date): Promise<TableStatusReport | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (!info || now.getTime() - info.mtimeMs > SNAPSHOT_MAX_AGE_MS) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as TableStatusReport;
}

/**
 * The stage's dead-letter depths, and per mapping entry the files waiting in the warehouse and stream DLQs (a
 * dry-run listing: messages are held for a moment and put back, nothing moves).
 */
async function deadLetters(
  stage: string,
  region: string | undefined,
  mappings: Mappings,
): Promise<Pick<TableStatusInput, 'deadLetters' | 'failedFiles'>> {
  const names = stageNames(stage);
  const sqs = new SQSClient({
    ...(region === undefined ? {} : { region }),
    ...(process.env.AWS_ENDPOINT_URL_SQS ? { useQueueUrlAsEndpoint: false } : {}),
  });
  try {
    const depths: Record<string, number> = {};
    const urls = new Map<string, string>();
    for (const name of [names.warehouseDlq, names.streamDlq, names.mergeFailureQueue]) {
      const { url } = await locateQueue(sqs, name);
      urls.set(name, url);
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      depths[name] =
        Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    }
    const failing = async (dlq: string) => {
      const listed: DlqMessage[] = [];
      if ((depths[dlq] ?? 0) > 0) {
        await replayDlqMessages({
          sqs,
          mappings,
          dlqUrl: urls.get(dlq)!,
          sourceUrl: urls.get(dlq)!,
          filter: {},
          dryRun: true,
          waitTimeSeconds: 0,
          holdSeconds: 60,
          onEvent: (event) => listed.push(event.message),
        });
      }
      return failedFilesByEntry(mappings, listed);
    };
    return {
      deadLetters: depths,
      failedFiles: { warehouse: await failing(names.warehouseDlq), 'speed-layer': await failing(names.streamDlq) },
    };
  } finally {
    sqs.destroy();
  }
}
