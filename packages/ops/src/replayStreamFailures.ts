import {
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { z } from 'zod';
import type { SqsPort } from './SqsPort.js';
import type { StreamReplayEvent } from './StreamReplayEvent.js';

/** One record read back from the stream, as the merge worker takes it. */
export interface ReplayedRecord {
  readonly sequenceNumber: string;
  readonly data: Uint8Array;
  /** Seconds since the epoch, when Kinesis accepted it. */
  readonly arrivedAt: number;
}

export interface ReplayStreamInput {
  readonly sqs: SqsPort;
  readonly kinesis: Pick<KinesisClient, 'send'>;
  /** The merge worker's on-failure queue (`ferry-<stage>-merge-failures`). */
  readonly failureQueueUrl: string;
  /** Applies records as the merge worker does; returns the sequence numbers that failed, with why. */
  readonly apply: (
    records: readonly ReplayedRecord[],
  ) => Promise<readonly { sequenceNumber: string; reason: string }[]>;
  /** Past retention: re-sends the landed files of the window to the stream queue; returns how many. */
  readonly resend: (window: { since: Date; until: Date }) => Promise<number>;
  readonly dryRun?: boolean;
  /** At most this many on-failure messages. */
  readonly max?: number;
  /** How far before the batch's first record a file may have landed (the forwarder's delay); default 1 h. */
  readonly lookbackMs?: number;
  readonly onEvent?: (event: StreamReplayEvent) => void;
  readonly now?: () => number;
}

/** What Lambda's Kinesis event source mapping sends its on-failure destination (FACTS.md §3): metadata only. */
const failureRecord = z.object({
  KinesisBatchInfo: z.object({
    shardId: z.string().min(1),
    startSequenceNumber: z.string().regex(/^\d+$/),
    endSequenceNumber: z.string().regex(/^\d+$/),
    approximateArrivalOfFirstRecord: z.iso.datetime({ offset: true }),
    approximateArrivalOfLastRecord: z.iso.datetime({ offset: true }),
    batchSize: z.number().int().nonnegative(),
    streamArn: z.string().startsWith('arn:'),
  }),
});

/** Retention is measured from arrival; a batch this close to it may be trimmed while being read. */
const RETENTION_MARGIN_MS = 10 * 60_000;
const HOUR_MS = 3_600_000;

/**
 * `ferry stream replay`: for each batch the merge worker gave up on (its on-failure queue holds shard and sequence
 * range, never the records), reads the range back from Kinesis while the stream retains it and applies it again
 * (`apply`: the merge worker's own `mergeChanges`); past retention, or when the range's first record is already
 * trimmed, re-sends the landed files of the batch's time window to the stream queue instead (`resend`: a
 * speed-layer backfill), and says so. A message is deleted only after its batch was applied without failures or its
 * files were sent; anything else stays for the next run. Re-applying is safe: the speed layer's version guard
 * ignores changes it already has (DESIGN.md §2).
 */
export async function replayStreamFailures(input: ReplayStreamInput): Promise<StreamReplayEvent[]> {
  const { sqs, kinesis, failureQueueUrl: queueUrl } = input;
  const now = input.now ?? Date.now;
  const max = input.max ?? Number.POSITIVE_INFINITY;
  const lookback = input.lookbackMs ?? HOUR_MS;
  const retention = new Map<string, number>();
  const events: StreamReplayEvent[] = [];
  const held: { Id: string; ReceiptHandle: string }[] = [];
  // Past retention, batches share one re-send: the union of their windows, each file sent once.
  const toResend: { event: StreamReplayEvent; since: number; until: number; receiptHandle: string }[] = [];
  let seen = 0;
  const emit = (event: StreamReplayEvent) => {
    events.push(event);
    input.onEvent?.(event);
  };
  try {
    while (seen < max) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, max - seen),
          // Held while this run works on them; put back at the end unless deleted.
          VisibilityTimeout: 900,
          WaitTimeSeconds: 0,
        }),
      );
      if (Messages.length === 0) break;
      seen += Messages.length;
      for (const message of Messages) {
        const done = await replayOne(message);
        if (done === true) {
          await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
        } else if (done === false) held.push({ Id: String(held.length), ReceiptHandle: message.ReceiptHandle! });
      }
    }
    if (toResend.length > 0) {
      const since = new Date(Math.min(...toResend.map((r) => r.since)));
      const until = new Date(Math.max(...toResend.map((r) => r.until)));
      const files = await input.resend({ since, until });
      const window = { since: since.toISOString(), until: until.toISOString() };
      for (const r of toResend.splice(0)) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: r.receiptHandle }));
        emit({ ...r.event, window, files });
      }
    }
  } finally {
    // Whatever was not re-sent (an error on the way) goes back too.
    for (const r of toResend) held.push({ Id: String(held.length), ReceiptHandle: r.receiptHandle });
    for (let i = 0; i < held.length; i += 10) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: held.slice(i, i + 10).map((h) => ({ ...h, VisibilityTimeout: 0 })),
        }),
      );
    }
  }
  return events;

  /** Handles one message: true when it may be deleted, false to put it back, 'resend' when it waits for the re-send. */
  async function replayOne(message: Message): Promise<boolean | 'resend'> {
    const messageId = message.MessageId ?? '?';
    let info: z.infer<typeof failureRecord>['KinesisBatchInfo'];
    try {
      info = failureRecord.parse(JSON.parse(message.Body ?? '')).KinesisBatchInfo;
    } catch (error) {
      const why = error instanceof z.ZodError ? z.prettifyError(error).replace(/\n/g, '; ') : (error as Error).message;
      emit({ messageId, action: 'unreadable', why });
      return false;
    }
    const batch = {
      messageId,
      shardId: info.shardId,
      startSequenceNumber: info.startSequenceNumber,
      endSequenceNumber: info.endSequenceNumber,
      firstArrival: new Date(info.approximateArrivalOfFirstRecord).toISOString(),
      lastArrival: new Date(info.approximateArrivalOfLastRecord).toISOString(),
    };
    let records: ReplayedRecord[] | undefined;
    let why: string | undefined;
    const hours = await retentionHours(info.streamArn);
    if (Date.parse(info.approximateArrivalOfFirstRecord) < now() - hours * HOUR_MS + RETENTION_MARGIN_MS) {
      why = `the stream keeps records ${hours} h and the batch arrived at ${batch.firstArrival}`;
    } else {
      records = await readRange(info);
      if (records[0]?.sequenceNumber !== info.startSequenceNumber) {
        why = `the stream no longer has record ${info.startSequenceNumber} (trimmed)`;
        records = undefined;
      }
    }

    if (records) {
      if (input.dryRun) {
        emit({ ...batch, action: 'would-reapply', records: records.length });
        return false;
      }
      const failures = await input.apply(records);
      emit({
        ...batch,
        action: failures.length === 0 ? 'reapplied' : 'still-failing',
        records: records.length,
        failures,
      });
      return failures.length === 0;
    }
    const window = {
      since: new Date(Date.parse(info.approximateArrivalOfFirstRecord) - lookback),
      until: new Date(Date.parse(info.approximateArrivalOfLastRecord) + 60_000),
    };
    const shown = { since: window.since.toISOString(), until: window.until.toISOString() };
    if (input.dryRun) {
      emit({ ...batch, action: 'would-resend', window: shown, why });
      return false;
    }
    toResend.push({
      event: { ...batch, action: 'resent', why },
      since: window.since.getTime(),
      until: window.until.getTime(),
      receiptHandle: message.ReceiptHandle!,
    });
    return 'resend';
  }

  async function retentionHours(streamArn: string): Promise<number> {
    let hours = retention.get(streamArn);
    if (hours === undefined) {
      const { StreamDescriptionSummary } = await kinesis.send(
        new DescribeStreamSummaryCommand({ StreamARN: streamArn }),
      );
      hours = StreamDescriptionSummary?.RetentionPeriodHours ?? 24;
      retention.set(streamArn, hours);
    }
    return hours;
  }

  /** The records of the shard from the start sequence number through the end one (all tables: the whole batch). */
  async function readRange(info: z.infer<typeof failureRecord>['KinesisBatchInfo']): Promise<ReplayedRecord[]> {
    const end = BigInt(info.endSequenceNumber);
    const out: ReplayedRecord[] = [];
    let { ShardIterator: iterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamARN: info.streamArn,
        ShardId: info.shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        StartingSequenceNumber: info.startSequenceNumber,
      }),
    );
    while (iterator) {
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      for (const r of page.Records ?? []) {
        if (BigInt(r.SequenceNumber!) > end) return out;
        out.push({
          sequenceNumber: r.SequenceNumber!,
          data: r.Data!,
          arrivedAt: (r.ApproximateArrivalTimestamp?.getTime() ?? now()) / 1000,
        });
      }
      // Caught up with the shard's tip: the range ends before anything newer was written.
      if ((page.Records ?? []).length === 0 && (page.MillisBehindLatest ?? 0) === 0) return out;
      iterator = page.NextShardIterator;
    }
    return out;
  }
}
