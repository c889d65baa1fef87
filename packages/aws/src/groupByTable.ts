import { type DmsFile, DmsFileError, tableRefName } from '@ferry/core';
import { parseDmsKey } from '@ferry/dms';
import type { Mappings, TableMapping } from '@ferry/mappings';
import type { EventFile } from './EventFile.js';
import type { GroupedEvents } from './GroupedEvents.js';
import type { S3ObjectEvent } from './S3ObjectEvent.js';
import type { TableFiles } from './TableFiles.js';

/**
 * Sorts a batch of S3 events by the mapped table their keys belong to, so a handler loads one table's files
 * together (one warehouse job per table per batch: BigQuery allows 1,500 load jobs per table per day).
 * Events naming the same object (bucket and key) are merged into one file. Extra fields of `E` (an SQS message id, say) are kept,
 * so failures can be reported per message.
 *
 * Keys outside every source prefix, or of tables their source does not map, are `unmapped` (with the reason);
 * keys under a source prefix that are not DMS data-file keys are `invalid` (with the `DmsFileError`).
 * Tables come in the order their first event arrived.
 */
export function groupByTable<E extends S3ObjectEvent>(events: readonly E[], mappings: Mappings): GroupedEvents<E> {
  const tables = new Map<string, { mapping: TableMapping; files: Map<string, { file: DmsFile; events: E[] }> }>();
  const unmapped: { event: E; reason: string }[] = [];
  const invalid: { event: E; error: DmsFileError }[] = [];

  for (const event of events) {
    const source = mappings.findSource(event.key);
    if (source === undefined) {
      unmapped.push({ event, reason: `no mapping source's prefix matches s3://${event.bucket}/${event.key}` });
      continue;
    }
    let file: DmsFile;
    try {
      file = parseDmsKey(event.key, source);
    } catch (error) {
      if (!(error instanceof DmsFileError)) throw error;
      invalid.push({ event, error });
      continue;
    }
    const mapping = mappings.table(source.source, file.table);
    if (mapping === undefined) {
      unmapped.push({
        event,
        reason: `source "${source.source}" (${source.file}) does not map table ${tableRefName(file.table)}`,
      });
      continue;
    }
    let table = tables.get(mapping.id);
    if (table === undefined) {
      table = { mapping, files: new Map() };
      tables.set(mapping.id, table);
    }
    // The bucket is part of the identity: the same key in two buckets is two objects.
    const id = `${event.bucket}/${event.key}`;
    const known = table.files.get(id);
    if (known) known.events.push(event);
    else table.files.set(id, { file, events: [event] });
  }

  return {
    tables: [...tables.values()].map(
      (t): TableFiles<E> => ({ mapping: t.mapping, files: [...t.files.values()].sort(loadOrder) }),
    ),
    unmapped,
    invalid,
  };
}

function loadOrder(a: EventFile, b: EventFile): number {
  const x = a.file;
  const y = b.file;
  if (x.kind !== y.kind) return x.kind === 'full-load' ? -1 : 1;
  if (x.ordinal !== y.ordinal) return x.ordinal < y.ordinal ? -1 : 1;
  return x.key < y.key ? -1 : x.key > y.key ? 1 : 0;
}
