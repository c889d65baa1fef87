import { inflateRawSync } from 'node:zlib';
import { CHANGE_RECORD_VERSION, type ChangeRecord } from './ChangeRecord.js';
import { ChangeRecordError } from './ChangeRecordError.js';
import { decodeChangeRecord } from './decodeChangeRecord.js';
import { PACKED_RECORD_VERSION } from './PACKED_RECORD_VERSION.js';
import { readRecordHeader } from './readRecordHeader.js';
import { readRecordRow } from './readRecordRow.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
/**
 * The most a packed record may inflate to. A 1 MiB record of honest rows stays far below; this stops a
 * corrupt or hostile one from taking the consumer's memory (DEFLATE reaches ratios of ~1000:1).
 */
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/**
 * The row changes in one Kinesis record's data, in the order they were packed: one for a version-1
 * record (`encodeChangeRecord`), many for a version-2 one (`packChangeRecords`); see `ChangeRecord` for both
 * formats. Rows of one packed record share their `columns` and `keyColumns` arrays. `recordId` (the Kinesis
 * sequence number) names the record in errors.
 *
 * Throws `ChangeRecordError` for an unknown version, truncated or corrupt bytes, or a value that does not
 * fit its column type, naming the record and, when one row is to blame, the row: terminal, the same bytes
 * always fail the same way.
 */
export function decodeStreamRecord(data: Uint8Array, recordId?: string): ChangeRecord[] {
  if (data.length === 0 || data[0] !== PACKED_RECORD_VERSION) return [decodeChangeRecord(data, recordId)];
  const fail = (reason: string, options: { hint?: string; cause?: unknown } = {}): never => {
    throw new ChangeRecordError(recordId, reason, options);
  };

  let json: unknown;
  try {
    const inflated = inflateRawSync(data.subarray(1), { maxOutputLength: MAX_INFLATED_BYTES });
    json = JSON.parse(utf8.decode(inflated));
  } catch (error) {
    const reason =
      (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
        ? `inflates past ${MAX_INFLATED_BYTES} bytes`
        : (error as Error).message;
    fail(`version ${PACKED_RECORD_VERSION} body is not deflated UTF-8 JSON (truncated or corrupt?): ${reason}`, {
      cause: error,
    });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('body is not a JSON object');
  const body = json as Record<string, unknown>;
  const header = readRecordHeader(body, fail);
  const rows = body.r;
  if (!Array.isArray(rows) || rows.length === 0) fail('"r" (rows) must be a non-empty array');

  return (rows as unknown[]).map((row, r): ChangeRecord => {
    const failRow = (reason: string, options: { cause?: unknown } = {}): never =>
      fail(`row ${r}${positionOf(row)}: ${reason}`, options);
    if (!Array.isArray(row) || row.length < 2) failRow('must be [op, position, value, …]');
    const [op, position, ...values] = row as unknown[];
    const decoded = readRecordRow(op, position, values, header.columns, failRow);
    return {
      version: CHANGE_RECORD_VERSION,
      source: header.source,
      tableId: header.tableId,
      fileKey: header.fileKey,
      op: decoded.op,
      position: decoded.position,
      keyColumns: header.keyColumns,
      columns: header.columns,
      values: decoded.values,
    };
  });
}

function positionOf(row: unknown): string {
  return Array.isArray(row) && typeof row[1] === 'string' && /^\d{1,80}$/.test(row[1]) ? ` (at ${row[1]})` : '';
}
