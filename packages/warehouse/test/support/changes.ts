import type { ChangeOp, ColumnSpec, ColumnValue, FileChanges, SinkTable, TableChanges } from '@ferry/core';
import { POSITION_LENGTH } from '@ferry/core';

/** A fixed-width position; larger `n` is newer. */
export function at(n: number): string {
  return `1${String(n).padStart(POSITION_LENGTH - 1, '0')}`;
}

export interface Change {
  readonly op: ChangeOp;
  readonly at: number;
  readonly row: Record<string, ColumnValue>;
}

/**
 * A FileChanges over `changes`, split into row groups of `chunkRows` rows. `failAfterChunks` makes the
 * reader throw after yielding that many row groups (a file that breaks mid-read).
 */
export function fileOf(
  fileKey: string,
  columns: readonly ColumnSpec[],
  changes: readonly Change[],
  options: { keyColumns?: readonly string[]; chunkRows?: number; failAfterChunks?: number } = {},
): FileChanges {
  const chunkRows = options.chunkRows ?? 10_000;
  return {
    fileKey,
    columns,
    async *chunks(): AsyncIterable<TableChanges> {
      let yielded = 0;
      for (let start = 0; start === 0 || start < changes.length; start += chunkRows) {
        if (options.failAfterChunks !== undefined && yielded === options.failAfterChunks) {
          throw new Error(`${fileKey}: the read broke after ${yielded} row groups`);
        }
        const slice = changes.slice(start, start + chunkRows);
        yielded++;
        yield {
          columns,
          keyColumns: options.keyColumns ?? ['id'],
          values: columns.map((c) => slice.map((change) => (c.name in change.row ? change.row[c.name]! : null))),
          ops: slice.map((c) => c.op),
          positions: slice.map((c) => at(c.at)),
          rowCount: slice.length,
        };
      }
    },
  };
}

export function tableOf(name: string, deletes: 'soft' | 'hard', keyColumns: readonly string[] = ['id']): SinkTable {
  return { id: `test:shop.${name}`, namespace: 'raw', name, deletes, keyColumns };
}
