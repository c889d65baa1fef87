import type { SinkTable } from '@ferry/core';
import { jsonPath } from './jsonPath.js';
import type { MappingProblem } from './MappingProblem.js';
import type { SourceMapping } from './SourceMapping.js';
import type { TableMapping } from './TableMapping.js';

/**
 * Problems that take two mapping files (or two tables) to see: a source id used twice, prefixes that
 * overlap (a key would belong to two sources), and target tables written by two mappings that a tenant
 * column does not tell apart, or that disagree on the table's delete mode, key, spelling or JSON columns (the warehouse
 * merges a shared table's entries in one call). Each problem is reported on the later of the two, naming the
 * earlier.
 */
export function crossCheckSources(sources: readonly SourceMapping[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  sources.forEach((source, i) => {
    for (const earlier of sources.slice(0, i)) {
      if (earlier.source === source.source) {
        problems.push({
          file: source.file,
          path: 'source',
          message: `source id ${JSON.stringify(source.source)} is already used by ${earlier.file} — give each mapping file its own source id`,
        });
      }
      if (earlier.prefix.startsWith(source.prefix) || source.prefix.startsWith(earlier.prefix)) {
        problems.push({
          file: source.file,
          path: 'prefix',
          message: `prefix ${JSON.stringify(source.prefix)} overlaps prefix ${JSON.stringify(earlier.prefix)} of ${earlier.file} (one starts with the other), so a file could belong to both sources — give each source its own folder, e.g. "dms/${source.source}/"`,
        });
      }
    }
  });

  const tables = sources.flatMap((s) => [...s.tables.entries()].map(([key, table]) => ({ file: s.file, key, table })));
  const sinks = [
    { sink: 'warehouse', field: 'warehouse.table', of: (t: TableMapping) => t.warehouse },
    { sink: 'speed-layer', field: 'speedLayer.table', of: (t: TableMapping) => t.speedLayer },
  ] as const;
  for (const { sink, field, of } of sinks) {
    const byTarget = new Map<string, typeof tables>();
    for (const entry of tables) {
      const target = of(entry.table);
      if (!target) continue;
      // Case-insensitive: BigQuery, Snowflake (unquoted) and MySQL on some systems fold case.
      const name = targetName(target).toLowerCase();
      const group = byTarget.get(name) ?? [];
      for (const other of group) {
        const why = conflict(entry.table, target, other.table, of(other.table)!, field);
        if (!why) continue;
        problems.push({
          file: entry.file,
          path: jsonPath(['tables', entry.key]),
          message: `writes ${sink} table ${targetName(target)}, as ${other.file} ${jsonPath(['tables', other.key])} does, ${why}`,
        });
        break;
      }
      group.push(entry);
      byTarget.set(name, group);
    }
  }
  return problems;
}

function targetName(table: SinkTable): string {
  return table.namespace === undefined ? table.name : `${table.namespace}.${table.name}`;
}

/** Why mappings `a` and `b` cannot share their target table, or `undefined` when they can. */
function conflict(
  a: TableMapping,
  aTarget: SinkTable,
  b: TableMapping,
  bTarget: SinkTable,
  field: string,
): string | undefined {
  const own = `or give this table its own ${field}`;
  if (!a.tenant || !b.tenant) {
    return `and no tenant column tells their rows apart — add "tenant": {"column": …, "value": …} to both sources (the same column, different values), ${own}`;
  }
  if (a.tenant.column !== b.tenant.column) {
    return `but with tenant column ${JSON.stringify(b.tenant.column)} where this source has ${JSON.stringify(a.tenant.column)} — use the same tenant column in both sources, ${own}`;
  }
  if (a.tenant.value === b.tenant.value) {
    return `with the same tenant value ${JSON.stringify(a.tenant.value)}, so their rows would overwrite each other — give the sources different tenant values, ${own}`;
  }
  const keyOf = (t: SinkTable) => t.keyColumns.map((c) => c.toLowerCase()).join(',');
  if (keyOf(aTarget) !== keyOf(bTarget)) {
    return `but keyed by (${bTarget.keyColumns.join(', ')}) where this one is keyed by (${aTarget.keyColumns.join(', ')}) — a shared table needs one key: align primaryKey and columns.rename, ${own}`;
  }
  if (aTarget.deletes !== bTarget.deletes) {
    return `but with deletes "${bTarget.deletes}" where this one has "${aTarget.deletes}" — a shared table needs one delete mode: set the same warehouse.deletes, ${own}`;
  }
  // The warehouse merges a shared table's entries together (one MERGE per batch) only when they name it and its
  // key exactly alike; Snowflake and BigQuery would also keep differently cased names apart.
  if (targetName(aTarget) !== targetName(bTarget)) {
    return `but spelled ${targetName(bTarget)} there — a shared table needs one spelling, case included: write its name the same in both, ${own}`;
  }
  if (aTarget.keyColumns.join(',') !== bTarget.keyColumns.join(',')) {
    return `but keyed by (${bTarget.keyColumns.join(', ')}) where this one is keyed by (${aTarget.keyColumns.join(', ')}), spelled differently — a shared table needs one key, case included: align primaryKey and columns.rename, ${own}`;
  }
  // Each column of the shared table has one type: JSON for every entry or for none.
  const jsonOf = (t: SinkTable) => [...(t.jsonColumns ?? [])].sort();
  if (jsonOf(aTarget).join(',') !== jsonOf(bTarget).join(',')) {
    const list = (t: SinkTable) => (jsonOf(t).length === 0 ? 'none' : `(${jsonOf(t).join(', ')})`);
    return `but with JSON columns ${list(bTarget)} where this one has ${list(aTarget)} — a shared table holds each column in one type: list the same columns in columns.json, ${own}`;
  }
  return undefined;
}
