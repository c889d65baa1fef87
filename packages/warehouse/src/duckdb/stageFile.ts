import { type DuckDBAppender, DuckDBDataChunk, type DuckDBType, type DuckDBVector } from '@duckdb/node-api';
import { ChangeOp, DmsFileError, type FileChanges, POSITION_LENGTH } from '@ferry/core';
import type { MergePlan } from '../MergePlan.js';
import { type DuckDbEncode, duckDbEncoder } from './duckDbEncoder.js';

/** The most rows one DuckDB data chunk holds (its vector size). */
const CHUNK_ROWS = 2048;
const OPS: ReadonlySet<string> = new Set(Object.values(ChangeOp));

/**
 * Streams every row group of `file` into the staging table behind `appender` (columns: the plan's data
 * columns, then op, position, file key — see `compileMerge`), a DuckDB data chunk at a time. Columns the file
 * lacks are staged as NULL, and so is the file key, which `MergeSql.stampFile` sets once the rows are flushed.
 * Returns the number of rows staged.
 *
 * Throws `DmsFileError` naming the file, row and column for a value that does not match its type, a NULL
 * key, an unknown `Op` or a malformed position, and when a row group's columns differ from the file's.
 */
export async function stageFile(appender: DuckDBAppender, plan: MergePlan, file: FileChanges): Promise<number> {
  const types: DuckDBType[] = Array.from({ length: appender.columnCount }, (_, i) => appender.columnType(i));
  const fileTypes = new Map(file.columns.map((c) => [c.name, c.type]));
  const encoders: (DuckDbEncode | undefined)[] = plan.columns.map((c) => {
    const incoming = fileTypes.get(c.name);
    return incoming === undefined ? undefined : duckDbEncoder(c.type, incoming);
  });
  const keyIndexes = new Set(plan.keyColumns.map((k) => plan.columns.indexOf(k)));
  const width = plan.columns.length;
  // One chunk, refilled: creating one per slice costs a native type list each time.
  const chunk = DuckDBDataChunk.create(types);
  let staged = 0;

  for await (const changes of file.chunks()) {
    // The file row number of this row group's first row, for errors.
    const base = staged;
    const sources = plan.columns.map((c) => changes.columns.findIndex((s) => s.name === c.name));
    if (changes.columns.length !== file.columns.length) {
      throw new DmsFileError(file.fileKey, 'a row group has other columns than the file schema');
    }
    for (const column of changes.columns) {
      const type = fileTypes.get(column.name);
      if (type === undefined || JSON.stringify(type) !== JSON.stringify(column.type)) {
        throw new DmsFileError(file.fileKey, `a row group types column "${column.name}" unlike the file schema`);
      }
    }
    const { rowCount, ops, positions } = changes;
    if (ops.length !== rowCount || positions.length !== rowCount || changes.values.some((v) => v.length !== rowCount)) {
      throw new DmsFileError(file.fileKey, `a row group's columns do not all hold ${rowCount} rows`, { row: base });
    }

    for (let start = 0; start < rowCount; start += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, rowCount - start);
      chunk.reset();
      chunk.rowCount = count;
      for (let c = 0; c < width; c++) {
        const vector = chunk.getColumnVector(c);
        const source = sources[c]!;
        const encode = encoders[c];
        if (source < 0 || encode === undefined) {
          for (let r = 0; r < count; r++) vector.setItem(r, null);
        } else {
          fillColumn(vector, changes.values[source]!, start, count, encode, keyIndexes.has(c), (r, reason) => {
            throw new DmsFileError(file.fileKey, `column "${plan.columns[c]!.name}": ${reason}`, { row: base + r });
          });
        }
        vector.flush();
      }
      const opVector = chunk.getColumnVector(width);
      const positionVector = chunk.getColumnVector(width + 1);
      const fileVector = chunk.getColumnVector(width + 2);
      // The file key is stamped per file afterwards (MergeSql.stampFile): one statement instead of a
      // string conversion per row.
      for (let r = 0; r < count; r++) {
        const op = ops[start + r]!;
        if (!OPS.has(op)) {
          throw new DmsFileError(file.fileKey, `Op ${JSON.stringify(op)} is not I, U or D`, { row: base + start + r });
        }
        const position = positions[start + r]!;
        if (typeof position !== 'string' || position.length !== POSITION_LENGTH) {
          throw new DmsFileError(
            file.fileKey,
            `position ${JSON.stringify(position)} is not ${POSITION_LENGTH} digits`,
            {
              row: base + start + r,
            },
          );
        }
        opVector.setItem(r, op);
        positionVector.setItem(r, position);
        fileVector.setItem(r, null);
      }
      opVector.flush();
      positionVector.flush();
      fileVector.flush();
      appender.appendDataChunk(chunk);
      staged += count;
    }
  }
  return staged;
}

function fillColumn(
  vector: DuckDBVector,
  values: readonly unknown[],
  start: number,
  count: number,
  encode: DuckDbEncode,
  isKey: boolean,
  fail: (row: number, reason: string) => never,
): void {
  for (let r = 0; r < count; r++) {
    const value = values[start + r] as Parameters<DuckDbEncode>[0] | null | undefined;
    if (value === null || value === undefined) {
      if (isKey) fail(start + r, 'a key column is NULL');
      vector.setItem(r, null);
      continue;
    }
    try {
      vector.setItem(r, encode(value));
    } catch (error) {
      fail(start + r, error instanceof Error ? error.message : String(error));
    }
  }
}
