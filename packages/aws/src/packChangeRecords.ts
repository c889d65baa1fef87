import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import type { ColumnSpec } from '@ferry/core';
import type { ChangeRecord } from './ChangeRecord.js';
import { ChangeRecordError } from './ChangeRecordError.js';
import { encodeValue } from './encodeValue.js';
import { PACKED_RECORD_VERSION } from './PACKED_RECORD_VERSION.js';
import type { PackOptions } from './PackOptions.js';
import { partitionKey } from './partitionKey.js';
import type { StreamEntry } from './StreamEntry.js';
import { typeTag } from './typeTag.js';

interface Pack {
  readonly header: string;
  readonly key: string;
  readonly what: string;
  rows: string[];
  bytes: number;
  first: string;
  last: string;
}

// Every row of a batch shares one columns array (and one key columns array): their JSON is built once.
const columnsJson = new WeakMap<readonly ColumnSpec[], string>();
const keyColumnsJson = new WeakMap<readonly string[], string>();

/**
 * The change records as Kinesis entries in codec version 2 (format: see `ChangeRecord`): rows of one
 * table, file, column set and partition-key bucket packed together in the order given (file order), at
 * most `maxRows` rows and about `maxRecordBytes` of JSON per entry. Records from several tables, files or
 * column sets are grouped apart. A row too large for `maxRecordBytes` alone becomes an entry of its own, so
 * `putStreamRecords` reports it `tooLarge` if it is over Kinesis's 1 MiB even compressed.
 *
 * Throws `ChangeRecordError` naming the table, position and column when a value does not follow core's
 * representation of its column type.
 *
 * @example await putStreamRecords(kinesisPutRecords(kinesis), stream, packChangeRecords(recordsFromChanges(changes, meta)))
 */
export function packChangeRecords(records: readonly ChangeRecord[], options: PackOptions = {}): StreamEntry[] {
  const buckets = options.buckets ?? 64;
  const maxRecordBytes = options.maxRecordBytes ?? 256 * 1024;
  const maxRows = options.maxRows ?? 500;
  for (const [name, value] of [
    ['buckets', buckets],
    ['maxRecordBytes', maxRecordBytes],
    ['maxRows', maxRows],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`packChangeRecords: ${name} must be a positive integer, got ${value}`);
    }
  }

  const entries: StreamEntry[] = [];
  /** Per header (table, file, columns): its packs by bucket. */
  const groups = new Map<string, (Pack | undefined)[]>();
  const created: Pack[] = [];
  const tableHashes = new Map<string, string>();
  const flush = (pack: Pack) => {
    if (pack.rows.length === 0) return;
    entries.push({
      data: packed(`${pack.header}${pack.rows.join(',')}]}`),
      partitionKey: pack.key,
      label:
        pack.rows.length === 1
          ? `${pack.what} row at ${pack.first}`
          : `${pack.what} ${pack.rows.length} rows at ${pack.first}…${pack.last}`,
    });
    pack.rows = [];
    pack.bytes = Buffer.byteLength(pack.header) + 2;
  };

  let previous: ChangeRecord | undefined;
  let packsByBucket: (Pack | undefined)[] = [];
  let header = '';
  for (const record of records) {
    const row = rowJson(record);
    const rowBytes = Buffer.byteLength(row, 'utf8');
    // The rows of one batch share their header: build and look it up only when it changes.
    if (previous === undefined || !sameHeader(previous, record)) {
      header = headerJson(record);
      let found = groups.get(header);
      if (found === undefined) {
        found = new Array<Pack | undefined>(buckets);
        groups.set(header, found);
      }
      packsByBucket = found;
      previous = record;
    }
    // The row's own key decides its bucket, so every change of that row shares the bucket and shard.
    const bucket = Number.parseInt(partitionKey(record).slice(0, 8), 16) % buckets;
    let pack = packsByBucket[bucket];
    if (pack === undefined) {
      const tableKey = JSON.stringify([record.source, record.tableId]);
      let tableHash = tableHashes.get(tableKey);
      if (tableHash === undefined) {
        tableHash = createHash('sha256').update(tableKey, 'utf8').digest('hex').slice(0, 16);
        tableHashes.set(tableKey, tableHash);
      }
      pack = {
        header,
        key: `${tableHash}-${bucket}`,
        what: `${record.fileKey} (${record.tableId}, bucket ${bucket})`,
        rows: [],
        bytes: Buffer.byteLength(header) + 2,
        first: '',
        last: '',
      };
      packsByBucket[bucket] = pack;
      created.push(pack);
    }
    if (pack.rows.length > 0 && (pack.rows.length >= maxRows || pack.bytes + 1 + rowBytes > maxRecordBytes)) {
      flush(pack);
    }
    if (pack.rows.length === 0) pack.first = record.position;
    pack.last = record.position;
    pack.rows.push(row);
    pack.bytes += rowBytes + (pack.rows.length > 1 ? 1 : 0);
    // A row too big to share goes out alone at once, so what follows it is not held behind it.
    if (pack.bytes > maxRecordBytes) flush(pack);
  }
  for (const pack of created) flush(pack);
  return entries;
}

function sameHeader(a: ChangeRecord, b: ChangeRecord): boolean {
  return (
    a.columns === b.columns &&
    a.keyColumns === b.keyColumns &&
    a.fileKey === b.fileKey &&
    a.tableId === b.tableId &&
    a.source === b.source
  );
}

/** `{"s":…,"t":…,"f":…,"k":…,"c":…,"r":[`: the shared part, which also identifies the group. */
function headerJson(record: ChangeRecord): string {
  let c = columnsJson.get(record.columns);
  if (c === undefined) {
    c = JSON.stringify(record.columns.map((column) => [column.name, typeTag(column.type)]));
    columnsJson.set(record.columns, c);
  }
  let k = keyColumnsJson.get(record.keyColumns);
  if (k === undefined) {
    k = JSON.stringify(record.keyColumns);
    keyColumnsJson.set(record.keyColumns, k);
  }
  return (
    `{"s":${JSON.stringify(record.source)},"t":${JSON.stringify(record.tableId)},` +
    `"f":${JSON.stringify(record.fileKey)},"k":${k},"c":${c},"r":[`
  );
}

function rowJson(record: ChangeRecord): string {
  const name = `${record.tableId} at ${record.position}`;
  const { columns } = record;
  if (record.values.length !== columns.length) {
    throw new ChangeRecordError(name, `${record.values.length} values for ${columns.length} columns`);
  }
  const row: unknown[] = [record.op, record.position];
  for (let i = 0; i < columns.length; i++) {
    try {
      row.push(encodeValue(columns[i]!.type, record.values[i]!));
    } catch (error) {
      throw new ChangeRecordError(name, `column "${columns[i]!.name}": ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return JSON.stringify(row);
}

function packed(json: string): Uint8Array {
  const body = deflateRawSync(Buffer.from(json, 'utf8'));
  // Buffer.alloc never hands out a slice of the shared pool, so the view below owns its memory.
  const bytes = Buffer.alloc(1 + body.length);
  bytes[0] = PACKED_RECORD_VERSION;
  body.copy(bytes, 1);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
