import type { SinkTable } from '@ferry/core';
import type { Mappings, TableMapping } from '@ferry/mappings';
import type { MappingsDiff } from './MappingsDiff.js';
import type { TableChange } from './TableChange.js';

/**
 * Compares the mappings a stage runs (`base`; empty before the first deploy) with the ones a deploy would ship
 * (`next`): mapping entries added, removed or changed, with each changed setting named, and the landing prefixes
 * gained or lost. Pure: `ferry plan --stage` decides where the two come from.
 */
export function diffMappings(base: Mappings, next: Mappings): MappingsDiff {
  const before = entries(base);
  const after = entries(next);
  const tables: TableChange[] = [];
  let unchanged = 0;
  for (const [id, mapping] of after) {
    const old = before.get(id);
    if (old === undefined) {
      tables.push({ id, change: 'added', ...sinks(mapping), details: [] });
      continue;
    }
    const details = settingChanges(old, mapping);
    if (details.length === 0) unchanged++;
    else tables.push({ id, change: 'changed', ...sinks(mapping), details });
  }
  for (const [id, mapping] of before) {
    if (!after.has(id)) tables.push({ id, change: 'removed', ...sinks(mapping), details: [] });
  }
  tables.sort((a, b) => a.id.localeCompare(b.id));
  const writersBefore = new Set(writers(base));
  const writersAfter = new Set(writers(next));
  const prefixesBefore = new Set(base.sources.map((s) => s.prefix));
  const prefixesAfter = new Set(next.sources.map((s) => s.prefix));
  return {
    tables,
    prefixes: {
      added: [...prefixesAfter].filter((p) => !prefixesBefore.has(p)).sort(),
      removed: [...prefixesBefore].filter((p) => !prefixesAfter.has(p)).sort(),
    },
    writers: {
      added: [...writersAfter].filter((w) => !writersBefore.has(w)).sort(),
      removed: [...writersBefore].filter((w) => !writersAfter.has(w)).sort(),
    },
    unchanged,
  };
}

/** Each source's DMS writer as the grant the bucket policy gives it. */
function writers(mappings: Mappings): string[] {
  return mappings.sources.flatMap((s) =>
    s.writer === undefined ? [] : [`${s.writer.role ?? `account ${s.writer.account}`} → s3:PutObject on ${s.prefix}*`],
  );
}

function entries(mappings: Mappings): Map<string, TableMapping> {
  return new Map(mappings.sources.flatMap((s) => [...s.tables.values()].map((t) => [t.id, t] as const)));
}

function sinks(mapping: TableMapping): { warehouse: string; speedLayer: string } {
  return { warehouse: describeSink(mapping.warehouse), speedLayer: describeSink(mapping.speedLayer) };
}

function describeSink(table: SinkTable | undefined): string {
  if (table === undefined) return 'none';
  const name = table.namespace === undefined ? table.name : `${table.namespace}.${table.name}`;
  return `${name} (${table.deletes}, key ${table.keyColumns.join(', ')})`;
}

/** Every setting of a mapping entry that a deploy would change, as `setting: before → after`. */
function settingChanges(a: TableMapping, b: TableMapping): string[] {
  const out: string[] = [];
  const compare = (setting: string, x: unknown, y: unknown) => {
    const before = show(x);
    const after = show(y);
    if (before !== after) out.push(`${setting}: ${before} → ${after}`);
  };
  compare('warehouse', describeSink(a.warehouse), describeSink(b.warehouse));
  compare('speedLayer', describeSink(a.speedLayer), describeSink(b.speedLayer));
  compare('primaryKey', a.primaryKey, b.primaryKey);
  compare('sequenceColumn', a.sequenceColumn, b.sequenceColumn);
  compare('timestampColumn', a.timestampColumn, b.timestampColumn);
  compare('freshnessMinutes', a.freshnessMinutes, b.freshnessMinutes);
  compare('wallClock', sorted(a.wallClock), sorted(b.wallClock));
  // A column switching between text and the warehouse's JSON type stops the table (a type change): say so.
  compare('json (a switch quarantines the table until resolved)', sorted(a.json), sorted(b.json));
  compare('exclude', sorted(a.exclude), sorted(b.exclude));
  compare('mask', sorted(a.mask), sorted(b.mask));
  compare('rename', sortedEntries(a.rename), sortedEntries(b.rename));
  compare('tenant', a.tenant, b.tenant);
  return out;
}

function sorted(values: readonly string[]): string[] {
  return [...values].sort();
}

function sortedEntries(record: Readonly<Record<string, string>>): string[] {
  return Object.keys(record)
    .sort()
    .map((k) => `${k}→${record[k]}`);
}

function show(value: unknown): string {
  if (value === undefined) return 'none';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${value.join(', ')}]`;
  return JSON.stringify(value);
}
