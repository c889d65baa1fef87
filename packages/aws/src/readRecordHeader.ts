import type { ColumnSpec } from '@ferry/core';
import { parseTypeTag } from './parseTypeTag.js';

/** What every row of a change record shares: the fields of codec versions 1 and 2 other than the rows. */
export interface RecordHeader {
  readonly source: string;
  readonly tableId: string;
  readonly fileKey: string;
  readonly keyColumns: readonly string[];
  readonly columns: readonly ColumnSpec[];
}

/**
 * The shared header fields (`s`, `t`, `f`, `k`, `c`) of a decoded JSON body, checked. `fail` throws the
 * caller's error naming the record.
 */
export function readRecordHeader(body: Record<string, unknown>, fail: (reason: string) => never): RecordHeader {
  const text = (field: string, what: string): string => {
    const value = body[field];
    if (typeof value !== 'string' || value === '') fail(`"${field}" (${what}) must be a non-empty string`);
    return value as string;
  };
  const source = text('s', 'source');
  const tableId = text('t', 'table id');
  const fileKey = text('f', 'file key');

  const c = body.c;
  if (!Array.isArray(c)) fail('"c" (columns) must be an array');
  const columns = (c as unknown[]).map((entry, i): ColumnSpec => {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') {
      return fail(`"c"[${i}] must be [name, type tag]`);
    }
    const type = parseTypeTag(entry[1]);
    if (type === undefined) fail(`column "${entry[0]}" has an unknown type tag ${JSON.stringify(entry[1])}`);
    return { name: entry[0], type: type! };
  });

  const k = body.k;
  const names = new Set(columns.map((column) => column.name));
  if (!Array.isArray(k) || k.length === 0 || !k.every((name) => typeof name === 'string' && names.has(name))) {
    fail(`"k" (key columns) must name one or more of the record's columns, got ${JSON.stringify(k)}`);
  }
  return { source, tableId, fileKey, keyColumns: k as string[], columns };
}
