import { FerryError, type SinkTable, type TableRef, tableRefName } from '@ferry/core';
import type { Mappings, TableMapping } from '@ferry/mappings';

/** One target table `ferry reload` resets, and every mapping entry that feeds it (all reloaded with it). */
export interface ReloadTarget {
  readonly sink: 'warehouse' | 'speed-layer';
  readonly target: SinkTable;
  readonly entries: readonly TableMapping[];
}

/**
 * The targets the entry `source`/`table` feeds in the chosen sinks, each with EVERY entry feeding it (sources told
 * apart by a tenant column, consolidated tables): resetting a target drops their rows too, so they are reloaded too.
 * Throws `FerryError` for an unknown source or table, or when the entry feeds none of the chosen sinks.
 */
export function findReloadTargets(
  mappings: Mappings,
  source: string,
  table: TableRef,
  sink: 'warehouse' | 'speed-layer' | 'both',
): ReloadTarget[] {
  const src = mappings.sources.find((s) => s.source === source);
  if (!src) {
    throw new FerryError(`no mapping file has source "${source}"`, {
      hint: `Sources in the mappings: ${mappings.sources.map((s) => s.source).join(', ') || '(none)'}`,
    });
  }
  const entry = mappings.table(source, table);
  if (!entry) {
    throw new FerryError(`source "${source}" does not map table ${tableRefName(table)}`, {
      hint: `Pick one of: ${[...src.tables.keys()].join(', ')}`,
    });
  }
  const all = mappings.sources.flatMap((s) => [...s.tables.values()]);
  const targets: ReloadTarget[] = [];
  for (const which of ['warehouse', 'speed-layer'] as const) {
    if (sink !== 'both' && sink !== which) continue;
    const of = (m: TableMapping) => (which === 'warehouse' ? m.warehouse : m.speedLayer);
    const target = of(entry);
    if (!target) continue;
    const same = (t: SinkTable | undefined) =>
      t !== undefined && t.namespace === target.namespace && t.name === target.name;
    targets.push({ sink: which, target, entries: all.filter((m) => same(of(m))) });
  }
  if (targets.length === 0) {
    throw new FerryError(`${entry.id} feeds no ${sink === 'both' ? 'sink' : sink}`, {
      hint: 'Check the entry’s warehouse/speedLayer settings, or pick another --sink',
    });
  }
  return targets;
}
