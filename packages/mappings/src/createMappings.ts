import { type TableRef, tableRefName } from '@ferry/core';
import type { Mappings } from './Mappings.js';
import type { SourceMapping } from './SourceMapping.js';

/** The lookup side of validated mappings. */
export function createMappings(sources: readonly SourceMapping[]): Mappings {
  const bySource = new Map(sources.map((s) => [s.source, s]));
  // Longest prefix first, so the first match is the most specific one.
  const byPrefix = [...sources].sort((a, b) => b.prefix.length - a.prefix.length);
  const byId = new Map(sources.flatMap((s) => [...s.tables.values()].map((t) => [t.id, t] as const)));
  return {
    sources,
    findSource: (key: string) => byPrefix.find((s) => key.startsWith(s.prefix)),
    table: (source: string, ref: TableRef) => bySource.get(source)?.tables.get(tableRefName(ref)),
    tableById: (id: string) => byId.get(id),
  };
}
