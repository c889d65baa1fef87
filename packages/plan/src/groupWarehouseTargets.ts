import type { Mappings } from '@ferry/mappings';
import type { WarehouseTarget } from './WarehouseTarget.js';

/**
 * The warehouse tables of `mappings`, each with the mapping entries feeding it (several sources with a tenant
 * column may share one consolidated table), sorted by name. Entries with `warehouse: false` are left out.
 * Names are compared case-insensitively, as mapping validation does (BigQuery and Snowflake fold case).
 */
export function groupWarehouseTargets(mappings: Mappings): readonly WarehouseTarget[] {
  const byName = new Map<string, { target: WarehouseTarget; entries: string[]; sources: string[] }>();
  for (const source of mappings.sources) {
    for (const table of source.tables.values()) {
      const sink = table.warehouse;
      if (sink === undefined) continue;
      const target = sink.namespace === undefined ? sink.name : `${sink.namespace}.${sink.name}`;
      const key = target.toLowerCase();
      let group = byName.get(key);
      if (group === undefined) {
        const entries: string[] = [];
        const sources: string[] = [];
        group = {
          target: { target, namespace: sink.namespace, name: sink.name, deletes: sink.deletes, entries, sources },
          entries,
          sources,
        };
        byName.set(key, group);
      }
      group.entries.push(table.id);
      if (!group.sources.includes(table.source)) group.sources.push(table.source);
    }
  }
  return [...byName.values()]
    .map((g) => Object.freeze({ ...g.target, entries: Object.freeze(g.entries), sources: Object.freeze(g.sources) }))
    .sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}
