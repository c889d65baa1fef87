import type { ColumnSpec } from '@ferry/core';
import { CHANGE_RECORD_VERSION, type ChangeRecord } from './ChangeRecord.js';
import { ChangeRecordError } from './ChangeRecordError.js';
import { encodeValue } from './encodeValue.js';
import { typeTag } from './typeTag.js';

// Every row of a batch shares one columns array: its JSON is built once.
const columnsJson = new WeakMap<readonly ColumnSpec[], string>();

/**
 * The bytes of one change record in the current codec version (format: see `ChangeRecord`).
 * Throws `ChangeRecordError` naming the table, position and column when a value does not follow core's
 * representation of its column type, or the record's columns and values disagree.
 *
 * @example await kinesis.putRecords({ Records: records.map((r) => ({ Data: encodeChangeRecord(r), PartitionKey: partitionKey(r) })) })
 */
export function encodeChangeRecord(record: ChangeRecord): Uint8Array {
  const name = `${record.tableId} at ${record.position}`;
  const { columns } = record;
  if (record.values.length !== columns.length) {
    throw new ChangeRecordError(name, `${record.values.length} values for ${columns.length} columns`);
  }
  const values = columns.map((column, i) => {
    try {
      return encodeValue(column.type, record.values[i]!);
    } catch (error) {
      throw new ChangeRecordError(name, `column "${column.name}": ${(error as Error).message}`, { cause: error });
    }
  });
  let c = columnsJson.get(columns);
  if (c === undefined) {
    c = JSON.stringify(columns.map((column) => [column.name, typeTag(column.type)]));
    columnsJson.set(columns, c);
  }
  const json =
    `{"s":${JSON.stringify(record.source)},"t":${JSON.stringify(record.tableId)},` +
    `"f":${JSON.stringify(record.fileKey)},"o":${JSON.stringify(record.op)},"p":${JSON.stringify(record.position)},` +
    `"k":${JSON.stringify(record.keyColumns)},"c":${c},"v":${JSON.stringify(values)}}`;
  // Buffer.alloc never hands out a slice of the shared pool, so the view below owns its memory.
  const bytes = Buffer.alloc(1 + Buffer.byteLength(json, 'utf8'));
  bytes[0] = CHANGE_RECORD_VERSION;
  bytes.write(json, 1, 'utf8');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
