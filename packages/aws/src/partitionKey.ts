import { createHash } from 'node:crypto';
import { canonicalText } from '@ferry/core';
import type { ChangeRecord } from './ChangeRecord.js';
import { ChangeRecordError } from './ChangeRecordError.js';

/**
 * The Kinesis partition key of a change: SHA-256 (64 hex characters, within Kinesis's 256) of the source,
 * the table id and the `canonicalText` of each key value. Every change of one row gets the same key, so it
 * lands on one shard and keeps its order there (FACTS.md §3); values of other columns play no part.
 */
export function partitionKey(record: ChangeRecord): string {
  const parts: (string | null)[] = [record.source, record.tableId];
  for (const name of record.keyColumns) {
    const i = record.columns.findIndex((column) => column.name === name);
    if (i < 0) {
      throw new ChangeRecordError(`${record.tableId} at ${record.position}`, `key column "${name}" is not a column`);
    }
    parts.push(canonicalText(record.columns[i]!.type, record.values[i]!));
  }
  // A JSON array keeps the parts apart: no choice of separator could collide with a value containing it.
  return createHash('sha256').update(JSON.stringify(parts), 'utf8').digest('hex');
}
