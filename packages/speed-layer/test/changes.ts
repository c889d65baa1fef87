import {
  type ChangeOp,
  type ColumnSpec,
  type ColumnValue,
  type FileChanges,
  POSITION_LENGTH,
  type SinkTable,
  type TableChanges,
} from '@ferry/core';

/** A CDC position whose order is `n`'s order (and whose row number is `n`). */
export function pos(n: number): string {
  return `1${String(n).padStart(POSITION_LENGTH - 1, '0')}`;
}

export interface Change {
  readonly op: ChangeOp;
  readonly pos: number;
  readonly row: Readonly<Record<string, ColumnValue>>;
}

/** A file of row changes, in row groups (chunks), all with `columns`. */
export function fileOf(fileKey: string, columns: readonly ColumnSpec[], ...chunks: Change[][]): FileChanges {
  return {
    fileKey,
    columns,
    chunks: async function* () {
      for (const chunk of chunks) yield tableChanges(columns, chunk);
    },
  };
}

export function tableChanges(columns: readonly ColumnSpec[], changes: readonly Change[]): TableChanges {
  return {
    columns,
    keyColumns: [],
    values: columns.map((c) => changes.map((ch) => ch.row[c.name] ?? null)),
    ops: changes.map((c) => c.op),
    positions: changes.map((c) => pos(c.pos)),
    rowCount: changes.length,
  };
}

let tables = 0;
/** A fresh table per test, so tests in one file never see each other's rows. */
export function freshTable(
  keyColumns: readonly string[] = ['id'],
  name = `t${++tables}_${Date.now() % 100_000}`,
): SinkTable {
  return { id: `test:${name}`, namespace: undefined, name, deletes: 'hard', keyColumns };
}

export const I = (p: number, row: Record<string, ColumnValue>): Change => ({ op: 'I', pos: p, row });
export const U = (p: number, row: Record<string, ColumnValue>): Change => ({ op: 'U', pos: p, row });
export const D = (p: number, row: Record<string, ColumnValue>): Change => ({ op: 'D', pos: p, row });
