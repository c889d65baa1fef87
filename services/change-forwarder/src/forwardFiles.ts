import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  acceptBatch,
  type BatchOutcome,
  type EventFile,
  type MessageEvent,
  type PutRecordsPort,
  packChangeRecords,
  publishTableMetrics,
  putStreamRecords,
  recordsFromChanges,
  type StreamEntry,
} from '@ferry/aws';
import { FerryError } from '@ferry/core';
import { type ByteSource, openDmsParquet } from '@ferry/dms';
import type { Mappings, TableMapping } from '@ferry/mappings';
import { dmsReadOptions, fileChanges } from '@ferry/pipeline';

export interface ForwardFilesDeps {
  readonly mappings: Mappings;
  readonly openObject: (event: MessageEvent) => Promise<ByteSource & { close(): Promise<void> }>;
  readonly putRecords: PutRecordsPort;
  readonly streamName: string;
  readonly maskKey: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now?: () => number;
}

/** Entries are sent once this many are waiting: one PutRecords call's worth. */
const FLUSH_ENTRIES = 500;

/**
 * The change forwarder's work for one SQS batch of S3 notifications: every row change of every file of a
 * table the mapping sends to the speed layer becomes a change record on Kinesis (packed per partition-key
 * bucket, so a row's changes always share a shard and keep their order). Nothing here is transactional;
 * a redelivered file is forwarded again and the merge worker's version guard makes the repeat a no-op.
 *
 * A file fails when it cannot be read (terminal), when one of its rows is too large for a Kinesis record
 * (terminal, after every other row was sent: nothing is dropped silently), or when Kinesis keeps refusing
 * its records (retryable). Its messages then come back, and reach the DLQ once terminal failures use up
 * the queue's receives.
 */
export async function forwardFiles(
  deps: ForwardFilesDeps,
  messages: readonly { readonly messageId: string; readonly body: string }[],
): Promise<BatchOutcome> {
  const { logger, metrics } = deps;
  const now = deps.now ?? Date.now;
  const { tables, outcome, failedMessages } = acceptBatch(messages, deps.mappings, logger);

  for (const { mapping, files } of tables) {
    if (!mapping.speedLayer) {
      logger.info('skipped', {
        table: mapping.id,
        files: files.length,
        reason: 'the mapping sends this table to no speed layer',
      });
      continue;
    }
    const sender = new Sender(deps);
    let rows = 0;
    const failed = new Map<string, { reason: string; retryable: boolean }>();
    for (const file of files) {
      try {
        rows += await forwardFile(deps, mapping, file, sender);
      } catch (error) {
        failed.set(file.file.key, reasonOf(error));
      }
    }
    try {
      await sender.flush();
    } catch (error) {
      for (const key of sender.unsentFiles) if (!failed.has(key)) failed.set(key, reasonOf(error));
    }
    for (const [fileKey, reason] of sender.tooLarge) if (!failed.has(fileKey)) failed.set(fileKey, reason);

    for (const [fileKey, { reason, retryable }] of failed) {
      const eventFile = files.find((f) => f.file.key === fileKey);
      const messageIds = [...new Set(eventFile?.events.map((e) => e.messageId))];
      for (const id of messageIds) outcome.fail(id, `${fileKey}: ${reason}`, retryable);
      logger.error('file failed', { table: mapping.id, fileKey, reason, retryable, messageIds });
    }
    const oldest = Math.min(...files.map((f) => Date.parse(f.events[0]!.eventTime)));
    const lagSeconds = Number.isFinite(oldest) ? Math.max(0, (now() - oldest) / 1000) : 0;
    logger.info('table forwarded', {
      table: mapping.id,
      files: files.length - failed.size,
      filesFailed: failed.size,
      rows,
      records: sender.records,
      billedUnits: sender.billedUnits,
      retriedEntries: sender.retriedEntries,
      lagSeconds,
    });
    publishTableMetrics(metrics, mapping.id, [
      ['FilesForwarded', MetricUnit.Count, files.length - failed.size],
      ['FilesFailed', MetricUnit.Count, failed.size],
      ['RowsForwarded', MetricUnit.Count, rows],
      ['StreamRecords', MetricUnit.Count, sender.records],
      ['LagSeconds', MetricUnit.Seconds, lagSeconds],
    ]);
  }
  // Not per table: added after the per-table blobs were published (see publishTableMetrics).
  if (failedMessages > 0) metrics.addMetric('MessagesFailed', MetricUnit.Count, failedMessages);
  return outcome;
}

/** Reads one file row group by row group and queues its change records; returns the rows read. */
async function forwardFile(
  deps: ForwardFilesDeps,
  mapping: TableMapping,
  { file, events }: EventFile<MessageEvent>,
  sender: Sender,
): Promise<number> {
  const source = await deps.openObject(events[0]!);
  try {
    const parquet = await openDmsParquet(source, file, dmsReadOptions(mapping));
    const changes = fileChanges(file, parquet, mapping, deps.maskKey);
    let rows = 0;
    for await (const chunk of changes.chunks()) {
      const records = recordsFromChanges(chunk, { source: mapping.source, tableId: mapping.id, fileKey: file.key });
      rows += records.length;
      await sender.add(file.key, packChangeRecords(records));
    }
    return rows;
  } finally {
    await source.close();
  }
}

/**
 * Collects entries of several files into full PutRecords calls, remembering which file each entry came
 * from, so a row too large for a record or a call Kinesis keeps refusing is charged to its files only.
 */
class Sender {
  readonly #deps: ForwardFilesDeps;
  #pending: StreamEntry[] = [];
  #owners: string[] = [];
  /** Files with entries in `#pending`: they fail if its flush fails. */
  readonly unsentFiles = new Set<string>();
  readonly tooLarge = new Map<string, { reason: string; retryable: boolean }>();
  records = 0;
  billedUnits = 0;
  retriedEntries = 0;

  constructor(deps: ForwardFilesDeps) {
    this.#deps = deps;
  }

  async add(fileKey: string, entries: readonly StreamEntry[]): Promise<void> {
    for (const e of entries) {
      // The label is made unique per entry so `tooLarge` can be traced back to its file.
      this.#pending.push({ ...e, label: `${this.#owners.length}\u0000${e.label}` });
      this.#owners.push(fileKey);
    }
    this.unsentFiles.add(fileKey);
    if (this.#pending.length >= FLUSH_ENTRIES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const result = await putStreamRecords(this.#deps.putRecords, this.#deps.streamName, this.#pending);
    for (const big of result.tooLarge) {
      const [index, label] = big.label.split('\u0000') as [string, string];
      const fileKey = this.#owners[Number(index)]!;
      if (!this.tooLarge.has(fileKey)) {
        this.tooLarge.set(fileKey, {
          reason: `${label}: ${big.bytes} bytes is over the 1 MiB Kinesis record limit; every other row was sent`,
          retryable: false,
        });
      }
    }
    this.records += result.records;
    this.billedUnits += result.billedUnits;
    this.retriedEntries += result.retriedEntries;
    this.#pending = [];
    this.#owners = [];
    this.unsentFiles.clear();
  }
}

function reasonOf(error: unknown): { reason: string; retryable: boolean } {
  return {
    reason: error instanceof Error ? error.message : String(error),
    retryable: error instanceof FerryError ? error.retryable : false,
  };
}
