import type { SinkTable } from '@ferry/core';
import type { EntryFiles } from './EntryFiles.js';

/**
 * Groups a batch's entries by the warehouse table they write (namespace, name, delete mode, key and JSON columns,
 * exactly as spelled), in order of first appearance, so each group takes one `applyTargetFiles` call: one MERGE per target
 * table per batch however many sources feed it (BigQuery allows 1,500 table modifications per table per day,
 * FACTS §4). Mapping validation already refuses entries that share a table (ignoring case) but not its delete
 * mode, key, spelling or JSON columns, so a group here is every entry that writes the table.
 *
 * For the warehouse only: the speed layer keeps tombstones per entry and takes one entry per call.
 */
export function groupByTarget<T extends EntryFiles>(entries: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const entry of entries) {
    const key = targetKey(entry.table);
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  return [...groups.values()];
}

/** What must be equal for two entries to share one sink call (`applyTargetFiles` checks the same). */
function targetKey(table: SinkTable): string {
  return JSON.stringify([
    table.namespace ?? null,
    table.name,
    table.deletes,
    table.keyColumns,
    [...(table.jsonColumns ?? [])].sort(),
  ]);
}
