import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { FerryError } from '@ferry/core';
import { loadStageConfig } from '@ferry/deploy';
import { loadMappings } from '@ferry/mappings';
import {
  cancelDlqRedrive,
  parseSince,
  type ReplayAuditRecord,
  redriveDlq,
  replayAudit,
  replayDlqMessages,
  resolveReplayQueues,
  stageNames,
} from '@ferry/ops';
import { type Command, Option } from 'commander';
import { dlqCaller } from './dlqCaller.js';
import { dlqOutput } from './dlqOutput.js';

interface DlqReplayOptions {
  stage: string;
  queue: 'warehouse' | 'stream';
  dryRun?: boolean;
  table?: string;
  since?: string;
  max?: number;
  rate?: number;
  cancel?: boolean;
  mappings: string;
  region?: string;
  json?: boolean;
}

const positiveInt = (flag: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new FerryError(`${flag} ${JSON.stringify(v)} is not a positive integer`);
  return n;
};

/** `ferry dlq replay`: wiring only; the work is `replayDlqMessages` / `redriveDlq` / `cancelDlqRedrive` in @ferry/ops. */
export function registerDlqCommand(program: Command): void {
  const dlq = program.command('dlq').description("inspect and replay a stage's dead-letter queues");
  dlq
    .command('replay')
    .description('move DLQ messages back to their source queue (all of them with an SQS move task, or filtered)')
    .requiredOption('--stage <stage>', 'the deployed stage: queues ferry-<stage>-<queue> and ferry-<stage>-<queue>-dlq')
    .addOption(new Option('--queue <queue>', 'which consumer').choices(['warehouse', 'stream']).makeOptionMandatory())
    .option('--dry-run', 'list what would move (table, file, receive count), move nothing')
    .option('--table <schema.table>', 'only messages naming a file of this source table')
    .option('--since <time>', 'only files whose S3 event is at or after this (ISO time, or 30m/6h/2d back)')
    .addOption(new Option('--max <n>', 'move at most n messages').argParser(positiveInt('--max')))
    .addOption(
      new Option('--rate <n>', 'messages per second at most (move task: 1-500)').argParser(positiveInt('--rate')),
    )
    .option('--cancel', 'cancel the move task running on this DLQ')
    .option('--mappings <dir>', 'folder of mapping JSON files, as deployed (to name tables)', './mappings')
    .option('--region <region>', "AWS region (default: config/<stage>.json's, else the environment's)")
    .option('--json', 'JSON lines (the default when stdout is not a terminal)')
    .addHelpText(
      'after',
      `
Without --table/--since/--max (and not --dry-run) the whole DLQ moves with an SQS message move task: the command
prints its handle and follows its progress; Ctrl-C leaves it running, --cancel stops it. With filters, each
message is received, matched, sent to the source queue and deleted from the DLQ only after the send succeeded:
a crash in between leaves it in the DLQ and a second run sends it again, which the sinks' ledgers absorb.
Messages that do not match, or are not S3 notifications, stay in the DLQ. Fix the cause first (the consumer
logs name the file and the error): a replay of an unfixed cause only lands back in the DLQ.
Every run writes one JSON audit line ("audit": true: who, when, what) to stderr. Runbook: docs/operations.md.

Examples:
  $ pnpm ferry dlq replay --stage prod --queue warehouse --dry-run
  $ pnpm ferry dlq replay --stage prod --queue warehouse --table shop.orders --since 6h --rate 20
  $ pnpm ferry dlq replay --stage prod --queue stream --rate 50
  $ pnpm ferry dlq replay --stage prod --queue stream --cancel`,
    )
    .action(async (opts: DlqReplayOptions) => {
      const now = new Date();
      const names = stageNames(opts.stage);
      const since = opts.since === undefined ? undefined : parseSince(opts.since, now);
      const region = opts.region ?? (await stageRegion(opts.stage));
      const filtered = opts.table !== undefined || since !== undefined || opts.max !== undefined;
      const mode: ReplayAuditRecord['mode'] = opts.cancel
        ? 'cancel'
        : opts.dryRun
          ? 'dry-run'
          : filtered
            ? 'filtered'
            : 'move-task';
      if (opts.cancel && (filtered || opts.dryRun)) {
        throw new FerryError('--cancel takes no filters and no --dry-run: it stops the running move task');
      }
      const json = opts.json === true || process.stdout.isTTY !== true;
      const sqs = new SQSClient({
        ...(region === undefined ? {} : { region }),
        // An explicit endpoint (a local stack) answers for every queue: do not follow the queue URLs' hosts.
        ...(process.env.AWS_ENDPOINT_URL_SQS ? { useQueueUrlAsEndpoint: false } : {}),
      });
      const who = dlqCaller(region);
      const audit: Omit<ReplayAuditRecord, 'level' | 'message' | 'audit' | 'when' | 'who'> = {
        stage: opts.stage,
        queue: opts.queue,
        mode,
        filters: {
          ...(opts.table === undefined ? {} : { table: opts.table }),
          ...(since === undefined ? {} : { since: since.toISOString() }),
          ...(opts.max === undefined ? {} : { max: opts.max }),
          ...(opts.rate === undefined ? {} : { rate: opts.rate }),
        },
        moved: 0,
        skipped: 0,
        invalid: 0,
        failed: 0,
      };
      let outcome: Partial<ReplayAuditRecord> = {};
      try {
        const queues = await resolveReplayQueues(sqs, names, opts.queue);
        if (mode === 'cancel') {
          const { taskHandle, moved } = await cancelDlqRedrive(sqs, queues.dlqArn);
          outcome = { taskHandle, moved };
          dlqOutput({ json, total: undefined }).summary({ cancelled: taskHandle, moved });
        } else if (mode === 'move-task') {
          const out = dlqOutput({ json, total: undefined });
          const final = await redriveDlq({
            sqs,
            queues,
            ...(opts.rate === undefined ? {} : { rate: opts.rate }),
            onStarted: (taskHandle) => {
              outcome = { taskHandle };
              out.started(taskHandle);
            },
            onProgress: (status) => {
              outcome = { ...outcome, moved: status.moved };
              out.task(status);
            },
          });
          out.summary({ status: final.status, moved: final.moved, toMove: final.toMove });
        } else {
          const mappings = await loadMappings(resolve(opts.mappings));
          const out = dlqOutput({ json, total: await depth(sqs, queues.dlqUrl) });
          const result = await replayDlqMessages({
            sqs,
            mappings,
            ...queues,
            filter: { ...(opts.table === undefined ? {} : { table: opts.table }), ...(since ? { since } : {}) },
            dryRun: opts.dryRun === true,
            ...(opts.max === undefined ? {} : { max: opts.max }),
            ...(opts.rate === undefined ? {} : { rate: opts.rate }),
            onEvent: (event) => out.event(event),
          });
          outcome = {
            moved: result.moved,
            skipped: result.kept,
            invalid: result.invalid.length,
            failed: result.failed.length,
          };
          out.summary({
            dryRun: opts.dryRun === true,
            moved: result.moved,
            wouldMove: result.wouldMove,
            kept: result.kept,
            unreadable: result.invalid.length,
            failed: result.failed.length,
          });
          if (result.failed.length > 0) process.exitCode = 1;
        }
      } catch (error) {
        outcome = { ...outcome, error: error instanceof Error ? error.message : String(error) };
        throw error;
      } finally {
        sqs.destroy();
        console.error(JSON.stringify(replayAudit({ ...audit, ...outcome, who: await who }, now)));
      }
    });
}

/** The stage config's region; without a config/<stage>.json here, the environment's (AWS_REGION, profile). */
async function stageRegion(stage: string): Promise<string | undefined> {
  const file = join(process.cwd(), 'config', `${stage}.json`);
  if (
    !(await access(file).then(
      () => true,
      () => false,
    ))
  )
    return undefined;
  return (await loadStageConfig(stage, { root: process.cwd() })).region;
}

async function depth(sqs: SQSClient, queueUrl: string): Promise<number | undefined> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  const n = Attributes?.ApproximateNumberOfMessages;
  return n === undefined ? undefined : Number(n);
}
