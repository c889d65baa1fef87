import type { SpeedLayerDialect } from './SpeedLayerDialect.js';

type Limits = Pick<SpeedLayerDialect, 'maxParams' | 'maxRowsPerStatement' | 'maxStatementBytes'>;

/**
 * Splits rows of bound values into multi-row statements that stay under the dialect's limits: bound
 * parameters (PostgreSQL: 65,535), rows per statement, and estimated bytes (MySQL inlines values into one
 * packet). A single row larger than the byte budget still goes, alone.
 */
export function* statementBatches<T extends readonly unknown[]>(rows: Iterable<T>, limits: Limits): Generator<T[]> {
  const measure = Number.isFinite(limits.maxStatementBytes);
  let maxRows = 0;
  let batch: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    // Rows all have the first row's width; they may be bound lazily, so only one batch is held at a time.
    if (maxRows === 0) {
      const width = Math.max(1, row.length);
      maxRows = Math.max(1, Math.min(limits.maxRowsPerStatement, Math.floor(limits.maxParams / width)));
    }
    const size = measure ? estimateBytes(row) : 0;
    if (batch.length > 0 && (batch.length >= maxRows || bytes + size > limits.maxStatementBytes)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(row);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

/** An upper bound of a row's bytes once inlined: UTF-8 takes at most 3 bytes per UTF-16 unit, escaping included. */
function estimateBytes(row: readonly unknown[]): number {
  let n = 0;
  for (const v of row) {
    if (typeof v === 'string') n += v.length * 3 + 3;
    else if (v instanceof Uint8Array) n += v.length * 2 + 3;
    else n += 24;
  }
  return n;
}
