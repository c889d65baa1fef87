import { type ChangeBatch, type ColumnType, type ColumnValue, canonicalText } from '@ferry/core';
import { expect } from 'vitest';
import { duckdbText } from './duckdbText.js';

/**
 * Compares EVERY value ferry read from `path` with DuckDB's read of the same file: same columns in the same
 * order (DuckDB's `Op`, if any, left out), same row count, each value of the JS type its column kind fixes and
 * equal in exact text form. Returns the number of values compared.
 */
export async function expectMatchesDuckDb(
  path: string,
  batches: readonly ChangeBatch[],
  textTimestamps: readonly string[] = [],
): Promise<number> {
  const oracle = await duckdbText(path, textTimestamps);
  const opIndex = oracle.columns.findIndex((c) => c.name === 'Op');
  const oracleColumns = oracle.columns.filter((_, i) => i !== opIndex);
  const columns = batches[0]?.columns ?? [];
  expect(columns.map((c) => c.name)).toEqual(oracleColumns.map((c) => c.name));

  // Collected, not asserted one by one: a single expect per value is too slow for thousands of rows.
  const mismatches: string[] = [];
  let row = 0;
  let compared = 0;
  for (const batch of batches) {
    expect(batch.firstRow).toBe(row);
    for (let r = 0; r < batch.rowCount; r++, row++) {
      const expected = oracle.rows[row]!.filter((_, i) => i !== opIndex);
      batch.columns.forEach((column, c) => {
        compared++;
        const duckType = oracleColumns[c]!.type;
        const ours = batch.values[c]![r]!;
        const theirs = expected[c]!;
        const where = `row ${row} column ${column.name} (${duckType})`;
        const kind = column.type.kind === 'int' && column.type.bits === 64 ? 'int64' : column.type.kind;
        if (ours !== null && jsType(ours) !== JS_TYPE[kind]) {
          mismatches.push(`${where}: a ${jsType(ours)}, expected a ${JS_TYPE[kind]}`);
        } else if (column.type.kind === 'float') {
          const want = theirs === null ? null : floatOf(theirs, column.type.bits);
          if (!Object.is(ours, want)) mismatches.push(`${where}: ${String(ours)}, DuckDB ${theirs}`);
        } else {
          // DuckDB prints DECIMAL(5,5) as `-.99999`; ferry's canonical text keeps the leading zero.
          const want = column.type.kind === 'decimal' && theirs !== null ? theirs.replace(/^(-?)\./, '$10.') : theirs;
          const got = comparable(column.type, duckType, ours);
          if (got !== want) mismatches.push(`${where}: ${got}, DuckDB ${want}`);
        }
      });
    }
  }
  expect(mismatches.slice(0, 20)).toEqual([]);
  expect(row).toBe(oracle.rows.length);
  return compared;
}

// ColumnType.ts fixes the JS type of every kind's values.
const JS_TYPE: Record<ColumnType['kind'] | 'int64', string> = {
  boolean: 'boolean',
  int: 'number',
  int64: 'bigint',
  float: 'number',
  decimal: 'string',
  string: 'string',
  bytes: 'Uint8Array',
  date: 'number',
  time: 'bigint',
  timestamp: 'bigint',
};

function jsType(value: ColumnValue): string {
  return value instanceof Uint8Array ? 'Uint8Array' : typeof value;
}

function comparable(type: ColumnType, duckType: string, value: ColumnValue): string | null {
  if (value === null) return null;
  if (type.kind === 'timestamp' || type.kind === 'time') {
    return duckType === 'TIMESTAMP_NS' ? String((value as bigint) * 1000n) : String(value);
  }
  if (type.kind === 'string' && (duckType === 'VARCHAR' || duckType === 'JSON')) {
    return Buffer.from(value as string, 'utf8').toString('hex');
  }
  return canonicalText(type, value);
}

function floatOf(text: string, bits: 32 | 64): number {
  const n = text === 'inf' ? Infinity : text === '-inf' ? -Infinity : Number(text);
  return bits === 32 ? Math.fround(n) : n;
}
