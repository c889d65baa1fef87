import { ChangeOp, type ColumnSpec, type ColumnValue, POSITION_LENGTH } from '@ferry/core';
import { decodeValue } from './decodeValue.js';

const OPS: ReadonlySet<unknown> = new Set(Object.values(ChangeOp));
const POSITION = new RegExp(`^\\d{${POSITION_LENGTH}}$`);

/**
 * One row's op, position and values from their decoded JSON (codec versions 1 and 2 hold the same three
 * things, v1 in `o`/`p`/`v`, v2 as one array), checked against `columns`. `fail` throws the caller's error.
 */
export function readRecordRow(
  op: unknown,
  position: unknown,
  values: unknown,
  columns: readonly ColumnSpec[],
  fail: (reason: string, options?: { cause?: unknown }) => never,
): { op: ChangeOp; position: string; values: ColumnValue[] } {
  if (!OPS.has(op)) fail(`"o" (op) must be one of ${[...OPS].join(', ')}, got ${JSON.stringify(op)}`);
  if (typeof position !== 'string' || position === '') fail('"p" (position) must be a non-empty string');
  if (!POSITION.test(position as string)) {
    fail(`"p" (position) must be ${POSITION_LENGTH} digits, got ${JSON.stringify(position)}`);
  }
  if (!Array.isArray(values) || values.length !== columns.length) {
    fail(`"v" (values) must be an array of ${columns.length} values, one per column`);
  }
  const decoded = columns.map((column, i): ColumnValue => {
    try {
      return decodeValue(column.type, (values as unknown[])[i]);
    } catch (error) {
      return fail(`column "${column.name}": ${(error as Error).message}`, { cause: error });
    }
  });
  return { op: op as ChangeOp, position: position as string, values: decoded };
}
