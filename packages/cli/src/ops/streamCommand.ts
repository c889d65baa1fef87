import { Console } from 'node:console';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { routeOutput, secretsManagerReader } from '@ferry/aws';
import { FerryError } from '@ferry/core';
import { loadStageConfig, type StageConfig } from '@ferry/deploy';
import { loadMappings } from '@ferry/mappings';
import { mergeChanges } from '@ferry/merge-worker';
import {
  backfill,
  landingBucketName,
  locateQueue,
  parseSince,
  queueAccountId,
  replayStreamFailures,
  type StreamReplayEvent,
  stageNames,
} from '@ferry/ops';
import { openSpeedLayer } from '@ferry/speed-layer';
import { type Command, Option } from 'commander';

interface StreamReplayOptions {
  stage: string;
  dryRun?: boolean;
  max?: number;
  lookback: string;
  speedLayer?: string;
  bucket?: string;
  mappings: string;
  region?: string;
  json?: boolean;
}

/** `ferry stream replay`: wiring only; the work is `replayStreamFailures` in @ferry/ops, applied by `mergeChanges`. */
export function registerStreamCommand(program: Command): void {
  const stream = program
    .command('stream')
    .description("replay what the merge worker gave up on (the change stream's failures)");
  stream
    .command('replay')
    .description(
      "re-apply the Kinesis batches in the merge worker's on-failure queue: read back from the stream while it keeps them, else re-send their files",
    )
    .requiredOption(
      '--stage <stage>',
      'the deployed stage: queue ferry-<stage>-merge-failures, stream ferry-<stage>-changes',
    )
    .option('--dry-run', 'list each failed batch and what would be done; change nothing')
    .addOption(
      new Option('--max <n>', 'handle at most n failed batches').argParser((v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new FerryError(`--max ${JSON.stringify(v)} is not a positive integer`);
        return n;
      }),
    )
    .option('--lookback <span>', 'past retention: re-send files landed this long before the batch (e.g. 1h, 30m)', '1h')
    .option('--speed-layer <url>', "the speed layer (default: the URL in the stage's speedLayer.urlSecret)")
    .option('--bucket <name>', "the landing bucket (default: config/<stage>.json's, or the name the stack gave it)")
    .option('--mappings <dir>', 'folder of mapping JSON files, as deployed', './mappings')
    .option('--region <region>', "AWS region (default: config/<stage>.json's, else the environment's)")
    .option('--json', 'JSON lines (the default when stdout is not a terminal)')
    .addHelpText(
      'after',
      `
  Within the stream's retention the batch's records are read back and applied as the merge worker applies them;
  past it, the landed files of the batch's time window are sent to the stream queue again (a speed-layer backfill).
  A failure message is deleted only once its batch landed or its files were sent. Exit code 1 when some batch
  still fails or cannot be read.

  Examples:
    $ pnpm ferry stream replay --stage prod --dry-run
    $ pnpm ferry stream replay --stage prod
    $ pnpm ferry stream replay --stage prod --max 5 --lookback 2h --json`,
    )
    .action(async (opts: StreamReplayOptions) => {
      const now = new Date();
      const lookbackMs = now.getTime() - parseSince(opts.lookback, now).getTime();
      const names = stageNames(opts.stage);
      const config: StageConfig = await loadStageConfig(opts.stage, { root: process.cwd() });
      const region = { region: opts.region ?? config.region };
      const mappings = await loadMappings(resolve(opts.mappings));
      const sqs = new SQSClient({
        ...region,
        ...(process.env.AWS_ENDPOINT_URL_SQS ? { useQueueUrlAsEndpoint: false } : {}),
      });
      const kinesis = new KinesisClient(region);
      const s3 = new S3Client(region);
      const json = opts.json === true || process.stdout.isTTY !== true;
      const speedLayerUrl =
        opts.speedLayer ??
        (config.speedLayer
          ? await secretsManagerReader(new SecretsManagerClient(region))(config.speedLayer.urlSecret)
          : undefined);
      if (speedLayerUrl === undefined && opts.dryRun !== true) {
        throw new FerryError(`stage ${opts.stage} has no speed layer`, { hint: 'Pass --speed-layer <url>' });
      }
      const speedLayer = speedLayerUrl === undefined ? undefined : await openSpeedLayer(speedLayerUrl);
      // The merge worker's logs and metrics go to stderr: stdout carries the report.
      const stderr = new Console(process.stderr);
      const logger = routeOutput(new Logger({ serviceName: 'ferry-stream-replay', logLevel: 'WARN' }), stderr);
      const metrics = routeOutput(new Metrics({ namespace: 'ferry', serviceName: 'ferry-stream-replay' }), stderr);
      let stillFailing = 0;
      try {
        const { url: failureQueueUrl } = await locateQueue(sqs, names.mergeFailureQueue);
        const events = await replayStreamFailures({
          sqs,
          kinesis,
          failureQueueUrl,
          dryRun: opts.dryRun === true,
          ...(opts.max === undefined ? {} : { max: opts.max }),
          lookbackMs,
          apply: async (records) => {
            const outcome = await mergeChanges({ mappings, speedLayer: speedLayer!, logger, metrics }, records);
            return [...outcome.failures].map(([sequenceNumber, f]) => ({ sequenceNumber, reason: f.reason }));
          },
          resend: async ({ since, until }) => {
            let bucket = opts.bucket ?? landingBucketName(opts.stage, config);
            bucket ??= landingBucketName(opts.stage, config, await queueAccountId(sqs, names.warehouseQueue));
            if (bucket === undefined) throw new FerryError('no landing bucket', { hint: 'Name it with --bucket' });
            const sources = mappings.sources
              .filter((s) => [...s.tables.values()].some((t) => t.speedLayer !== undefined))
              .map((s) => s.source);
            const report = await backfill(
              { s3, sqs, mappings },
              {
                bucket,
                sources,
                since,
                until,
                fullLoad: 'landed',
                sink: 'speed-layer',
                queues: { warehouse: names.warehouseQueue, stream: names.streamQueue },
                topic: names.topic,
                rate: 50,
                dryRun: false,
              },
            );
            return report.sent.stream;
          },
          onEvent: (event) => print(event, json),
        });
        stillFailing = events.filter((e) => e.action === 'still-failing' || e.action === 'unreadable').length;
        const counts = Object.fromEntries(
          [...new Set(events.map((e) => e.action))].map((a) => [a, events.filter((e) => e.action === a).length]),
        );
        if (json) console.log(JSON.stringify({ summary: true, batches: events.length, ...counts }));
        else
          console.log(
            events.length === 0
              ? 'the failure queue is empty'
              : `${events.length} batch(es): ${JSON.stringify(counts)}`,
          );
        console.error(
          JSON.stringify({
            level: 'INFO',
            message: 'ferry stream replay',
            audit: true,
            who: process.env.USER ?? userInfo().username,
            when: now.toISOString(),
            stage: opts.stage,
            dryRun: opts.dryRun === true,
            ...counts,
          }),
        );
        if (stillFailing > 0) process.exitCode = 1;
      } finally {
        await speedLayer?.close();
        sqs.destroy();
        kinesis.destroy();
        s3.destroy();
      }
    });
}

function print(event: StreamReplayEvent, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(event));
    return;
  }
  const range = event.shardId
    ? `${event.shardId} ${event.startSequenceNumber}…${event.endSequenceNumber}`
    : event.messageId;
  const detail =
    event.action === 'resent' || event.action === 'would-resend'
      ? `files of ${event.window!.since} to ${event.window!.until}${event.files === undefined ? '' : ` (${event.files} sent)`}: ${event.why}`
      : event.action === 'unreadable'
        ? event.why
        : `${event.records} records${event.failures?.length ? `, ${event.failures.length} failed again: ${event.failures[0]!.reason}` : ''}`;
  console.log(`${event.action.padEnd(14)} ${range}  ${detail}`);
}
