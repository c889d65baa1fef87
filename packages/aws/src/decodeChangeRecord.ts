import { ChangeOp, type ColumnSpec, type ColumnValue, POSITION_LENGTH } from '@ferry/core';
import { CHANGE_RECORD_VERSION, type ChangeRecord } from './ChangeRecord.js';
import { ChangeRecordError } from './ChangeRecordError.js';
import { decodeValue } from './decodeValue.js';
import { parseTypeTag } from './parseTypeTag.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const OPS: ReadonlySet<unknown> = new Set(Object.values(ChangeOp));
const POSITION = new RegExp(`^\\d{${POSITION_LENGTH}}$`);
/** KPL aggregation's magic bytes `F3 89 9A C2` start with this (FACTS.md §3). */
const KPL_MAGIC = 0xf3;

/**
 * The change record in `bytes` (format: see `ChangeRecord`). `recordId` (a Kinesis sequence number, say)
 * names the record in errors.
 *
 * Throws `ChangeRecordError` for an unknown codec version, bytes that are not the version's JSON, or a
 * value that does not fit its column type: terminal, the same bytes always fail the same way.
 */
export function decodeChangeRecord(bytes: Uint8Array, recordId?: string): ChangeRecord {
  const fail = (reason: string, options: { hint?: string; cause?: unknown } = {}): never => {
    throw new ChangeRecordError(recordId, reason, options);
  };
  if (bytes.length === 0) fail('empty record');
  const version = bytes[0]!;
  if (version !== CHANGE_RECORD_VERSION) {
    fail(
      `unknown codec version ${version} (0x${version.toString(16).padStart(2, '0')}); this build reads version ${CHANGE_RECORD_VERSION}`,
      {
        hint:
          version === KPL_MAGIC
            ? 'This looks like a KPL-aggregated record, which ferry does not write'
            : 'A newer writer may be ahead of this reader: deploy the reader that knows this version',
      },
    );
  }

  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(bytes.subarray(1)));
  } catch (error) {
    fail(`version ${version} body is not UTF-8 JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('body is not a JSON object');
  const body = json as Record<string, unknown>;

  const text = (field: string, what: string): string => {
    const value = body[field];
    if (typeof value !== 'string' || value === '') fail(`"${field}" (${what}) must be a non-empty string`);
    return value as string;
  };
  const source = text('s', 'source');
  const tableId = text('t', 'table id');
  const fileKey = text('f', 'file key');
  const op = body.o;
  if (!OPS.has(op)) fail(`"o" (op) must be one of ${[...OPS].join(', ')}, got ${JSON.stringify(op)}`);
  const position = text('p', 'position');
  if (!POSITION.test(position))
    fail(`"p" (position) must be ${POSITION_LENGTH} digits, got ${JSON.stringify(position)}`);

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

  const v = body.v;
  if (!Array.isArray(v) || v.length !== columns.length) {
    fail(`"v" (values) must be an array of ${columns.length} values, one per column`);
  }
  const values = columns.map((column, i): ColumnValue => {
    try {
      return decodeValue(column.type, (v as unknown[])[i]);
    } catch (error) {
      return fail(`column "${column.name}": ${(error as Error).message}`, { cause: error });
    }
  });

  const k = body.k;
  const names = new Set(columns.map((column) => column.name));
  if (!Array.isArray(k) || k.length === 0 || !k.every((name) => typeof name === 'string' && names.has(name))) {
    fail(`"k" (key columns) must name one or more of the record's columns, got ${JSON.stringify(k)}`);
  }

  return {
    version: CHANGE_RECORD_VERSION,
    source,
    tableId,
    fileKey,
    op: op as ChangeOp,
    position,
    keyColumns: k as string[],
    columns,
    values,
  };
}
