import type { Mappings, TableMapping } from '@ferry/mappings';
import type { OnboardedTable } from './OnboardedTable.js';

/**
 * The tables a deploy from `base` to `next` onboards: entries that are new, and entries whose mapping now sends
 * them to a sink it did not before (`warehouse: false` → a warehouse table, say). Their files written before the
 * deploy produced no events a function saw, so they need a backfill to that sink.
 */
export function onboardedTables(base: Mappings, next: Mappings): OnboardedTable[] {
  const before = new Map(base.sources.flatMap((s) => [...s.tables.values()].map((t) => [t.id, t] as const)));
  const out: OnboardedTable[] = [];
  for (const source of next.sources) {
    for (const entry of source.tables.values()) {
      const old: TableMapping | undefined = before.get(entry.id);
      const warehouse = entry.warehouse !== undefined && old?.warehouse === undefined;
      const speedLayer = entry.speedLayer !== undefined && old?.speedLayer === undefined;
      if (!warehouse && !speedLayer) continue;
      out.push({
        source: entry.source,
        schema: entry.table.schema,
        table: entry.table.table,
        sink: warehouse && speedLayer ? 'both' : warehouse ? 'warehouse' : 'speed-layer',
      });
    }
  }
  return out;
}
