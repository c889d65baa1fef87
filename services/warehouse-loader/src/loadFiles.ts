import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { acceptBatch, type BatchOutcome, type MessageEvent, publishTableMetrics } from '@ferry/aws';
import type { DmsFile, Sink } from '@ferry/core';
import type { ByteSource } from '@ferry/dms';
import type { Mappings } from '@ferry/mappings';
import { applyTableFiles } from '@ferry/pipeline';

export interface LoadFilesDeps {
  readonly mappings: Mappings;
  readonly warehouse: Sink;
  /** Ranged reads of the object an event names (S3 in AWS, the local stack's S3 locally). */
  readonly openObject: (event: MessageEvent) => Promise<ByteSource & { close(): Promise<void> }>;
  readonly maskKey: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now?: () => number;
}

/**
 * The warehouse loader's work for one SQS batch of S3 notifications: every mapped table's files of the batch
 * go to the warehouse together (one staging load and MERGE per table per batch, which is what keeps BigQuery
 * under its 1,500 load jobs per table per day), each file recorded in the warehouse's ledger in the same
 * transaction, so a redelivered message changes nothing.
 *
 * Returns which messages failed and why: a message fails when any file it names failed (a retryable failure,
 * such as the warehouse being down, or a terminal one, such as a corrupt file — that one reaches the DLQ after
 * the queue's `maxReceiveCount`). Keys no mapping covers and `s3:TestEvent` are acknowledged with a log line.
 */
export async function loadFiles(
  deps: LoadFilesDeps,
  messages: readonly { readonly messageId: string; readonly body: string }[],
): Promise<BatchOutcome> {
  const { logger, metrics } = deps;
  const now = deps.now ?? Date.now;
  const { tables, outcome, failedMessages } = acceptBatch(messages, deps.mappings, logger);

  for (const { mapping, files } of tables) {
    const table = mapping.warehouse;
    if (!table) {
      logger.info('skipped', {
        table: mapping.id,
        files: files.length,
        reason: 'the mapping sends this table to no warehouse',
      });
      continue;
    }
    const byKey = new Map(files.map((f) => [f.file.key, f]));
    const open = (file: DmsFile) => deps.openObject(byKey.get(file.key)!.events[0]!);
    const loaded = await applyTableFiles(
      { sink: deps.warehouse, table, mapping, open, maskKey: deps.maskKey },
      files.map((f) => f.file),
    );
    for (const failed of loaded.failed) {
      const messageIds = [...new Set(byKey.get(failed.fileKey)?.events.map((e) => e.messageId))];
      for (const id of messageIds) outcome.fail(id, `${failed.fileKey}: ${failed.reason}`, failed.retryable);
      logger.error('file failed', {
        table: mapping.id,
        fileKey: failed.fileKey,
        reason: failed.reason,
        retryable: failed.retryable,
        messageIds,
      });
    }
    const { result } = loaded;
    const oldest = Math.min(...files.map((f) => Date.parse(f.events[0]!.eventTime)));
    const lagSeconds = Number.isFinite(oldest) ? Math.max(0, (now() - oldest) / 1000) : 0;
    logger.info('table loaded', {
      table: mapping.id,
      files: result.filesCommitted.length,
      committed: result.filesCommitted,
      filesAlreadyApplied: result.filesAlreadyApplied.length,
      filesFailed: loaded.failed.length,
      rows: result.rows,
      inserted: result.inserted,
      updated: result.updated,
      deleted: result.deleted,
      stale: result.stale,
      lagSeconds,
    });
    publishTableMetrics(metrics, mapping.id, [
      ['FilesLoaded', MetricUnit.Count, result.filesCommitted.length],
      ['FilesFailed', MetricUnit.Count, loaded.failed.length],
      ['RowsLoaded', MetricUnit.Count, result.rows],
      ['LagSeconds', MetricUnit.Seconds, lagSeconds],
    ]);
  }
  // Not per table: added after the per-table blobs were published (see publishTableMetrics).
  if (failedMessages > 0) metrics.addMetric('MessagesFailed', MetricUnit.Count, failedMessages);
  return outcome;
}
