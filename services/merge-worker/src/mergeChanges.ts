import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { BatchOutcome, type ChangeRecord, decodeStreamRecord, publishTableMetrics } from '@ferry/aws';
import type { ChangeSet, ChangeSink, ColumnValue, SinkResult, TableChanges } from '@ferry/core';
import { FerryError, SchemaChangeError, SinkUnavailableError } from '@ferry/core';
import type { Mappings, TableMapping } from '@ferry/mappings';

export interface MergeChangesDeps {
  readonly mappings: Mappings;
  readonly speedLayer: ChangeSink;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now?: () => number;
}

/** One Kinesis record as the merge worker sees it. */
export interface StreamRecord {
  readonly sequenceNumber: string;
  readonly data: Uint8Array;
  /** Seconds since the epoch, when Kinesis accepted the record. */
  readonly arrivedAt: number;
}

interface Row {
  readonly sequenceNumber: string;
  readonly record: ChangeRecord;
}

/**
 * The merge worker's work for one Kinesis batch: decode the change records, group their rows per table, and
 * apply each table's rows in one speed-layer transaction (deduplicated per key, version-guarded, deletes kept as
 * tombstones), so a batch delivered twice or out of order ends in the same rows.
 *
 * Failures are per record (sequence number), and Lambda retries from the lowest one reported:
 * - the speed layer unavailable (down, deadlock): that table's records fail, retryably;
 * - a record that cannot be decoded, names a table this deploy does not map, or that the database refuses
 *   (a poison record): the table's rows are bisected until the poison records stand alone; every other row
 *   is applied, and only the poison records are reported — after the retries the event source mapping
 *   allows, they go to its on-failure destination, and the shard moves on.
 */
export async function mergeChanges(deps: MergeChangesDeps, records: readonly StreamRecord[]): Promise<BatchOutcome> {
  const outcome = new BatchOutcome();
  const { logger, metrics } = deps;
  const now = deps.now ?? Date.now;
  const byTable = new Map<string, { mapping: TableMapping; rows: Row[] }>();
  for (const { sequenceNumber, data } of records) {
    let decoded: ChangeRecord[];
    try {
      decoded = decodeStreamRecord(data);
    } catch (error) {
      poison(deps, outcome, sequenceNumber, undefined, error);
      continue;
    }
    for (const record of decoded) {
      const mapping = deps.mappings.tableById(record.tableId);
      if (!mapping?.speedLayer) {
        const error = new FerryError(`table ${record.tableId} is not mapped to the speed layer in this deploy`, {
          hint: 'Deploy the mapping that names it, then replay the record',
        });
        poison(deps, outcome, sequenceNumber, record, error);
        continue;
      }
      const entry = byTable.get(mapping.id) ?? { mapping, rows: [] };
      byTable.set(mapping.id, entry);
      entry.rows.push({ sequenceNumber, record });
    }
  }

  for (const { mapping, rows } of byTable.values()) {
    const counts = { rows: 0, inserted: 0, updated: 0, deleted: 0, stale: 0 };
    await applyIsolating(deps, outcome, mapping, rows, counts);
    const merged = rows.filter((r) => !outcome.failure(r.sequenceNumber));
    const oldest = Math.min(...records.filter((r) => !outcome.failure(r.sequenceNumber)).map((r) => r.arrivedAt));
    const lagSeconds = Number.isFinite(oldest) ? Math.max(0, now() / 1000 - oldest) : 0;
    // The files whose rows this commit made visible: what an operator (and `ferry dev`'s latency figures)
    // trace a landed object by.
    const files = [...new Set(merged.map((r) => r.record.fileKey))];
    logger.info('table merged', { table: mapping.id, ...counts, lagSeconds, files });
    publishTableMetrics(metrics, mapping.id, [
      ['RowsMerged', MetricUnit.Count, counts.rows],
      ['RowsStale', MetricUnit.Count, counts.stale],
      ['LagSeconds', MetricUnit.Seconds, lagSeconds],
    ]);
  }
  const failures = outcome.failures.size;
  if (failures > 0) metrics.addMetric('RecordsFailed', MetricUnit.Count, failures);
  return outcome;
}

/**
 * Applies `rows` in one transaction; when the database refuses them for a reason a retry cannot fix, splits
 * them in halves and tries each, until the refused rows stand alone (a few transactions per poison row).
 */
async function applyIsolating(
  deps: MergeChangesDeps,
  outcome: BatchOutcome,
  mapping: TableMapping,
  rows: readonly Row[],
  counts: { rows: number; inserted: number; updated: number; deleted: number; stale: number },
): Promise<void> {
  try {
    add(counts, await deps.speedLayer.applyChanges(mapping.speedLayer!, changeSets(mapping, rows)));
  } catch (error) {
    if (error instanceof SinkUnavailableError) {
      const reason = error.message;
      for (const r of rows) outcome.fail(r.sequenceNumber, `${mapping.id}: ${reason}`, true);
      deps.logger.warn('speed layer unavailable', { table: mapping.id, reason, records: rows.length });
      return;
    }
    if (error instanceof SchemaChangeError) {
      // The table's column type changed incompatibly: every row of it fails the same way, so bisecting
      // would only multiply transactions. All its records go to the on-failure destination, named.
      for (const r of rows) outcome.fail(r.sequenceNumber, error.message, false);
      deps.logger.error('table stopped', { table: mapping.id, reason: error.message, records: rows.length });
      return;
    }
    if (rows.length === 1) {
      poison(deps, outcome, rows[0]!.sequenceNumber, rows[0]!.record, error);
      return;
    }
    const half = Math.ceil(rows.length / 2);
    await applyIsolating(deps, outcome, mapping, rows.slice(0, half), counts);
    await applyIsolating(deps, outcome, mapping, rows.slice(half), counts);
  }
}

/** Rows of one table as change sets: one per column set (a column added mid-stream makes a second one). */
function changeSets(mapping: TableMapping, rows: readonly Row[]): ChangeSet[] {
  const sets = new Map<string, { first: Row; last: Row; rows: ChangeRecord[] }>();
  for (const row of rows) {
    const shape = JSON.stringify(row.record.columns);
    const set = sets.get(shape);
    if (set) {
      set.rows.push(row.record);
      set.last = row;
    } else sets.set(shape, { first: row, last: row, rows: [row.record] });
  }
  return [...sets.values()].map(({ first, last, rows: records }) => {
    const head = records[0]!;
    const changes: TableChanges = {
      columns: head.columns,
      keyColumns: mapping.speedLayer!.keyColumns,
      values: head.columns.map((_, c) => records.map((r): ColumnValue => r.values[c]!)),
      ops: records.map((r) => r.op),
      positions: records.map((r) => r.position),
      rowCount: records.length,
    };
    const files = new Map<string, number>();
    for (const r of records) files.set(r.fileKey, (files.get(r.fileKey) ?? 0) + 1);
    return {
      label: `${mapping.id} records ${first.sequenceNumber}…${last.sequenceNumber}`,
      changes,
      files: [...files].map(([fileKey, rows]) => ({ fileKey, rows })),
    };
  });
}

function poison(
  deps: MergeChangesDeps,
  outcome: BatchOutcome,
  sequenceNumber: string,
  record: ChangeRecord | undefined,
  error: unknown,
): void {
  const reason = error instanceof Error ? error.message : String(error);
  outcome.fail(sequenceNumber, reason, false);
  deps.logger.error('poison record', {
    sequenceNumber,
    table: record?.tableId,
    fileKey: record?.fileKey,
    position: record?.position,
    reason,
  });
}

function add(into: { rows: number; inserted: number; updated: number; deleted: number; stale: number }, r: SinkResult) {
  into.rows += r.rows;
  into.inserted += r.inserted;
  into.updated += r.updated;
  into.deleted += r.deleted;
  into.stale += r.stale;
}
