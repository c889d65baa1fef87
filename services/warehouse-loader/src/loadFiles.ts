import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  acceptBatch,
  type BatchOutcome,
  type MessageEvent,
  publishTableMetrics,
  type RequeuedMessage,
  type TableFiles,
} from '@ferry/aws';
import type { DmsFile, Sink } from '@ferry/core';
import type { ByteSource } from '@ferry/dms';
import type { Mappings } from '@ferry/mappings';
import { applyTargetFiles, type EntryFiles, groupByTarget } from '@ferry/pipeline';

export interface LoadFilesDeps {
  readonly mappings: Mappings;
  readonly warehouse: Sink;
  /** Ranged reads of the object an event names (S3 in AWS, the local stack's S3 locally). */
  readonly openObject: (event: MessageEvent) => Promise<ByteSource & { close(): Promise<void> }>;
  readonly maskKey: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now?: () => number;
  /**
   * Merge each target at most once per `seconds` (0: every batch). A target whose ledger shows a commit within
   * the interval is not merged: its messages go back on the queue through `requeue`, delayed by a third of the
   * interval, and are acknowledged. This bounds BigQuery's table modifications per target per day at
   * 86,400 / seconds, whatever the number of pollers or sources (docs/warehouses.md, `ferry plan`).
   */
  readonly mergeInterval?: {
    readonly seconds: number;
    readonly requeue: (messages: readonly RequeuedMessage[]) => Promise<{ failed: string[] }>;
  };
}

/**
 * The warehouse loader's work for one SQS batch of S3 notifications: the batch's files go to the warehouse per
 * target table (one staging load and MERGE per target table per batch, however many sources feed it: a
 * consolidated table's entries are grouped, which is what keeps BigQuery under its 1,500 table modifications per
 * table per day, FACTS §4), each file recorded in the warehouse's ledger under its own mapping entry in the same
 * transaction, so a redelivered message changes nothing.
 *
 * Returns which messages failed and why: a message fails when any file it names failed (a retryable failure,
 * such as the warehouse being down, or a terminal one, such as a corrupt file — that one reaches the DLQ after
 * the queue's `maxReceiveCount`). Keys no mapping covers and `s3:TestEvent` are acknowledged with a log line.
 * Logs `table loaded` and publishes metrics per mapping entry, naming its target and the entries merged with it.
 */
export async function loadFiles(
  deps: LoadFilesDeps,
  messages: readonly { readonly messageId: string; readonly body: string }[],
): Promise<BatchOutcome> {
  const { logger, metrics } = deps;
  const now = deps.now ?? Date.now;
  const { tables, outcome, failedMessages } = acceptBatch(messages, deps.mappings, logger);

  const entries: (EntryFiles & { readonly accepted: TableFiles<MessageEvent>['files'] })[] = [];
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
    entries.push({ mapping, table, files: files.map((f) => f.file), accepted: files });
  }
  const byKey = new Map(entries.flatMap((e) => e.accepted.map((f) => [f.file.key, f] as const)));
  const open = (file: DmsFile) => deps.openObject(byKey.get(file.key)!.events[0]!);

  const deferred = new Set<string>();
  for (const group of groupByTarget(entries)) {
    const messageIdsOf = () => [
      ...new Set(group.flatMap((e) => e.accepted.flatMap((f) => f.events.map((event) => event.messageId)))),
    ];
    if (await mergedRecently(deps, group, now, messageIdsOf, outcome)) {
      for (const id of messageIdsOf()) deferred.add(id);
      continue;
    }
    const loaded = await applyTargetFiles({ sink: deps.warehouse, open, maskKey: deps.maskKey }, group);
    const { namespace, name } = loaded.target;
    const target = namespace === undefined ? name : `${namespace}.${name}`;
    const targetEntries = group.map((e) => e.mapping.id);
    for (const { entry, result, failed } of loaded.entries) {
      const { mapping, accepted } = entry;
      for (const f of failed) {
        const messageIds = [...new Set(byKey.get(f.fileKey)?.events.map((e) => e.messageId))];
        for (const id of messageIds) outcome.fail(id, `${f.fileKey}: ${f.reason}`, f.retryable);
        logger.error('file failed', {
          table: mapping.id,
          target,
          fileKey: f.fileKey,
          reason: f.reason,
          retryable: f.retryable,
          messageIds,
        });
      }
      const oldest = Math.min(...accepted.map((f) => Date.parse(f.events[0]!.eventTime)));
      const lagSeconds = Number.isFinite(oldest) ? Math.max(0, (now() - oldest) / 1000) : 0;
      logger.info('table loaded', {
        table: mapping.id,
        target,
        // Every entry whose files went into the same warehouse calls, and how many there were (one MERGE each;
        // one per target per batch unless files failed or the batch held over 100 files).
        targetEntries,
        targetCalls: loaded.calls,
        files: result.filesCommitted.length,
        committed: result.filesCommitted,
        filesAlreadyApplied: result.filesAlreadyApplied.length,
        filesFailed: failed.length,
        rows: result.rows,
        inserted: result.inserted,
        updated: result.updated,
        deleted: result.deleted,
        stale: result.stale,
        lagSeconds,
      });
      publishTableMetrics(metrics, mapping.id, [
        ['FilesLoaded', MetricUnit.Count, result.filesCommitted.length],
        ['FilesFailed', MetricUnit.Count, failed.length],
        ['RowsLoaded', MetricUnit.Count, result.rows],
        ['LagSeconds', MetricUnit.Seconds, lagSeconds],
      ]);
    }
  }
  await requeueDeferred(deps, messages, deferred, outcome);
  // Not per table: added after the per-table blobs were published (see publishTableMetrics).
  if (failedMessages > 0) metrics.addMetric('MessagesFailed', MetricUnit.Count, failedMessages);
  return outcome;
}

type Group = readonly (EntryFiles & { readonly accepted: TableFiles<MessageEvent>['files'] })[];

/**
 * Whether the group's target was merged within the minimum merge interval. A ledger that cannot be read fails
 * the group's messages (retryably when the warehouse said so) and counts as recent, so nothing is merged blind.
 */
async function mergedRecently(
  deps: LoadFilesDeps,
  group: Group,
  now: () => number,
  messageIdsOf: () => string[],
  outcome: BatchOutcome,
): Promise<boolean> {
  const seconds = deps.mergeInterval?.seconds ?? 0;
  const sink = deps.warehouse;
  if (seconds <= 0 || sink.mergedSince === undefined) return false;
  const { table } = group[0]!;
  const target = table.namespace === undefined ? table.name : `${table.namespace}.${table.name}`;
  try {
    const recent = await sink.mergedSince(
      table,
      group.map((e) => e.mapping.id),
      new Date(now() - seconds * 1000),
    );
    if (recent) {
      deps.logger.info('table deferred', {
        target,
        tables: group.map((e) => e.mapping.id),
        files: group.reduce((n, e) => n + e.files.length, 0),
        reason: `merged less than ${seconds} s ago (minimum merge interval)`,
      });
    }
    return recent;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const retryable = (error as { retryable?: boolean }).retryable ?? true;
    for (const id of messageIdsOf()) outcome.fail(id, `${target}: reading the ledger failed: ${reason}`, retryable);
    deps.logger.error('ledger unreadable', { target, reason, retryable });
    return true;
  }
}

/**
 * Puts deferred messages back on the queue, delayed, and acknowledges them; a message that also failed is left to
 * SQS's own redelivery, and one that could not be requeued is reported failed (retryable) so it is not lost.
 */
async function requeueDeferred(
  deps: LoadFilesDeps,
  messages: readonly { readonly messageId: string; readonly body: string }[],
  deferred: ReadonlySet<string>,
  outcome: BatchOutcome,
): Promise<void> {
  const interval = deps.mergeInterval;
  if (interval === undefined || deferred.size === 0) return;
  const delaySeconds = Math.max(1, Math.ceil(interval.seconds / 3));
  const requeue = messages
    .filter((m) => deferred.has(m.messageId) && outcome.failure(m.messageId) === undefined)
    .map((m) => ({ messageId: m.messageId, body: m.body, delaySeconds }));
  if (requeue.length === 0) return;
  const { failed } = await interval.requeue(requeue);
  for (const id of failed) outcome.fail(id, 'deferred by the minimum merge interval, but could not be requeued', true);
  deps.logger.info('messages requeued', {
    messages: requeue.length - failed.length,
    failed: failed.length,
    delaySeconds,
  });
}
