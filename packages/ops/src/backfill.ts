import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { FerryError } from '@ferry/core';
import type { BackfillDeps } from './BackfillDeps.js';
import type { BackfillFile } from './BackfillFile.js';
import type { BackfillOptions } from './BackfillOptions.js';
import type { BackfillReport } from './BackfillReport.js';
import type { BackfillTableCount } from './BackfillTableCount.js';
import { backfillMessage } from './backfillMessage.js';
import { listBackfillFiles } from './listBackfillFiles.js';

/** SendMessageBatch takes at most 10 entries. */
const BATCH = 10;
/** Attempts per batch entry SQS refuses for a reason of its own (not the sender's fault). */
const ATTEMPTS = 4;

type Queue = 'warehouse' | 'stream';

/**
 * Re-sends the landed DMS files of the selected sources (and table) to the warehouse queue, the stream queue, or
 * both, as the S3 notifications the landing topic would have delivered, in file-time order (`listBackfillFiles`:
 * full load first, then CDC by file-name time), at most `rate` files a second.
 *
 * Safe while live CDC flows and safe to repeat: each sink's ledger records committed files in the same transaction
 * as their rows, so a file it already has is acknowledged and changes nothing, and both sinks apply a row change
 * only when its position is newer than the row's, so an old file arriving after newer live ones changes nothing
 * either (DESIGN.md §2). Order is best effort (standard queues do not keep it) and correctness does not rest on it.
 *
 * A dry run lists and counts and calls no SQS API. Throws `FerryError` when a queue cannot be found or SQS keeps
 * refusing a batch: files sent before the error stay sent, and running again is safe.
 *
 * @example
 * const report = await backfill({ s3, sqs, mappings }, { bucket, sources: ['brand-a'], sink: 'both',
 *   queues: { warehouse: 'ferry-prod-warehouse', stream: 'ferry-prod-stream' }, topic: 'ferry-prod-landing',
 *   rate: 50, dryRun: false });
 */
export async function backfill(deps: BackfillDeps, options: BackfillOptions): Promise<BackfillReport> {
  if (!(options.rate > 0) || !Number.isFinite(options.rate)) {
    throw new FerryError(`rate ${options.rate} is not a positive number of files per second`, {
      hint: 'Pass --rate <files/s>, e.g. --rate 50',
    });
  }
  const { files, skipped, outsideWindow } = await listBackfillFiles(deps, options);
  const sent = { warehouse: 0, stream: 0 };
  const tables = countTables(files);
  if (options.dryRun || files.length === 0) {
    return { bucket: options.bucket, dryRun: options.dryRun, files, tables, skipped, outsideWindow, sent };
  }

  const wanted = new Set(files.flatMap((f) => f.queues));
  const queues = new Map<Queue, { url: string; topicArn: string; region: string }>();
  for (const queue of wanted) queues.set(queue, await findQueue(deps.sqs, options.queues[queue], options.topic));

  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = deps.now ?? Date.now;
  // At most `rate` a second on average from the start, and never a burst above `rate` (a batch of up to 10).
  const batchSize = Math.max(1, Math.min(BATCH, Math.floor(options.rate)));
  const started = now();
  // S3 sequencers order the events of one key; these only grow within a run.
  let sequencer = BigInt(started) << 16n;
  let done = 0;
  for (let i = 0; i < files.length; i += batchSize) {
    const batch = files.slice(i, i + batchSize);
    const due = started + (done / options.rate) * 1000;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    const eventTime = new Date(now());
    for (const [queue, target] of queues) {
      const entries = batch
        .filter((f) => f.queues.includes(queue))
        .map((f, n) => ({
          Id: String(n),
          MessageBody: backfillMessage({
            region: target.region,
            topicArn: target.topicArn,
            bucket: options.bucket,
            key: f.file.key,
            size: f.size,
            eTag: f.eTag,
            sequencer: (sequencer++).toString(16).toUpperCase().padStart(18, '0'),
            eventTime,
          }),
        }));
      if (entries.length === 0) continue;
      await sendBatch(deps.sqs, target.url, entries, options.queues[queue], sleep);
      sent[queue] += entries.length;
    }
    done += batch.length;
    deps.onProgress?.(done, files.length);
  }
  return { bucket: options.bucket, dryRun: false, files, tables, skipped, outsideWindow, sent };
}

function countTables(files: readonly BackfillFile[]): BackfillTableCount[] {
  const counts = new Map<string, { -readonly [K in keyof BackfillTableCount]: BackfillTableCount[K] }>();
  for (const f of files) {
    let c = counts.get(f.table);
    if (!c) {
      c = { table: f.table, fullLoadFiles: 0, cdcFiles: 0, bytes: 0, warehouse: 0, stream: 0 };
      counts.set(f.table, c);
    }
    if (f.file.kind === 'full-load') c.fullLoadFiles++;
    else c.cdcFiles++;
    c.bytes += f.size;
    if (f.queues.includes('warehouse')) c.warehouse++;
    if (f.queues.includes('stream')) c.stream++;
  }
  return [...counts.values()].sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
}

/** The queue's URL, and the landing topic's ARN in the queue's account and region (from the queue's ARN). */
async function findQueue(sqs: SQSClient, name: string, topic: string) {
  let url: string;
  let arn: string;
  try {
    url = (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    );
    arn = Attributes?.QueueArn ?? '';
  } catch (error) {
    throw new FerryError(`cannot find queue ${name}: ${(error as Error).message}`, {
      hint: 'Check --stage, the AWS account and region of your credentials (AWS_PROFILE, AWS_REGION)',
      cause: error,
    });
  }
  const [, partition = 'aws', , region = '', account = ''] = arn.split(':');
  return { url, region, topicArn: `arn:${partition}:sns:${region}:${account}:${topic}` };
}

async function sendBatch(
  sqs: SQSClient,
  url: string,
  entries: { Id: string; MessageBody: string }[],
  queueName: string,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  let pending = entries;
  for (let attempt = 1; ; attempt++) {
    const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: pending }));
    const failed = result.Failed ?? [];
    if (failed.length === 0) return;
    const fatal = failed.find((f) => f.SenderFault) ?? (attempt >= ATTEMPTS ? failed[0] : undefined);
    if (fatal) {
      throw new FerryError(
        `SQS refused ${failed.length} message(s) to ${queueName}: ${fatal.Code}: ${fatal.Message ?? ''}`.trim(),
        { hint: 'Files sent so far stay sent; fix the cause and run the backfill again (it is safe to repeat)' },
      );
    }
    const ids = new Set(failed.map((f) => f.Id));
    pending = pending.filter((e) => ids.has(e.Id));
    await sleep(200 * 2 ** attempt);
  }
}
