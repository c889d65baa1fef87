import type { MappingJson, OracleTable } from '../src/index.js';
import { sortRows } from '../src/index.js';

// Test helper: the most straightforward replay of DMS files there is, to check the generator's oracle.

export interface FileRows {
  readonly key: string;
  readonly source: string;
  readonly table: string;
  readonly kind: 'full-load' | 'cdc';
  /** Every column as canonical text (DMS_TIMESTAMP already with `Z`); `Op` and the sequence as written. */
  readonly rows: readonly Record<string, string | null>[];
}

/**
 * Applies every row of every file in position order (full load first, then the sequence column, then
 * the file name, then the row number), keyed by the mapping's primary key: insert and update put the row,
 * delete removes it. Returns, per oracle target, its rows in the oracle's shape.
 */
export function replay(
  files: readonly FileRows[],
  mappings: readonly MappingJson[],
  oracle: readonly OracleTable[],
): Map<OracleTable, Record<string, string | null>[]> {
  const finals = new Map<string, Map<string, Record<string, string | null>>>();
  const groups = new Map<string, FileRows[]>();
  for (const f of files) {
    const id = `${f.source}:${f.table}`;
    groups.set(id, [...(groups.get(id) ?? []), f]);
  }
  for (const [id, group] of groups) {
    const [source, table] = id.split(':') as [string, string];
    const mapping = mappings.find((m) => m.source === source);
    const entry = mapping?.tables[table];
    if (mapping === undefined || entry === undefined) throw new Error(`no mapping for ${id}`);
    const seq = entry.sequenceColumn;
    const changes = group.flatMap((f) =>
      f.rows.map((row, i) => ({
        row,
        order: [
          f.kind === 'full-load' ? '0' : '1',
          seq === undefined ? '' : (row[seq] ?? ''),
          f.key.slice(f.key.lastIndexOf('/') + 1),
          String(i).padStart(12, '0'),
        ].join('|'),
      })),
    );
    changes.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    const state = new Map<string, Record<string, string | null>>();
    for (const { row } of changes) {
      const key = JSON.stringify(entry.primaryKey.map((k) => row[k]));
      const { Op: op, ...data } = row;
      if (op === 'D') state.delete(key);
      else state.set(key, mapping.tenant ? { [mapping.tenant.column]: mapping.tenant.value, ...data } : data);
    }
    finals.set(id, state);
  }
  const out = new Map<OracleTable, Record<string, string | null>[]>();
  for (const target of oracle) {
    const rows = target.sources.flatMap((id) => [...(finals.get(id)?.values() ?? [])]);
    const shaped = rows.map((r) => Object.fromEntries(target.columns.map((c) => [c.name, r[c.name] ?? null])));
    out.set(target, sortRows(shaped, target.warehouse.keyColumns));
  }
  return out;
}
