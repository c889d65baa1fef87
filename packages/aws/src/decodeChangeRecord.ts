import { CHANGE_RECORD_VERSION, type ChangeRecord } from './ChangeRecord.js';
import { ChangeRecordError } from './ChangeRecordError.js';
import { PACKED_RECORD_VERSION } from './PACKED_RECORD_VERSION.js';
import { readRecordHeader } from './readRecordHeader.js';
import { readRecordRow } from './readRecordRow.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** KPL aggregation's magic bytes `F3 89 9A C2` start with this (FACTS.md §3). */
const KPL_MAGIC = 0xf3;

/**
 * The version-1 change record in `bytes` (format: see `ChangeRecord`). `recordId` (a Kinesis sequence
 * number, say) names the record in errors. `decodeStreamRecord` reads packed (version 2) records as well.
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
            : version === PACKED_RECORD_VERSION
              ? 'This is a packed record of many rows: read it with decodeStreamRecord'
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
  const header = readRecordHeader(body, fail);
  const row = readRecordRow(body.o, body.p, body.v, header.columns, fail);
  return {
    version: CHANGE_RECORD_VERSION,
    source: header.source,
    tableId: header.tableId,
    fileKey: header.fileKey,
    op: row.op,
    position: row.position,
    keyColumns: header.keyColumns,
    columns: header.columns,
    values: row.values,
  };
}
