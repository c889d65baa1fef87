import type { MappingsDiff } from './MappingsDiff.js';

/** `diffMappings`' result for a person: one line per entry added/removed, a block per changed one. */
export function formatMappingsDiff(diff: MappingsDiff, against: string): string {
  const lines = [`Mapping changes against ${against}:`];
  const quiet = [diff.prefixes.added, diff.prefixes.removed, diff.writers.added, diff.writers.removed];
  if (diff.tables.length === 0 && quiet.every((list) => list.length === 0)) {
    lines.push(`  none (${diff.unchanged} table(s) unchanged)`);
    return lines.join('\n');
  }
  const mark = { added: '+', removed: '-', changed: '~' } as const;
  for (const t of diff.tables) {
    lines.push(`  ${mark[t.change]} ${t.id}  warehouse ${t.warehouse}; speed layer ${t.speedLayer}`);
    for (const d of t.details) lines.push(`      ${d}`);
  }
  for (const p of diff.prefixes.added) lines.push(`  + prefix ${p} (bucket notifications)`);
  for (const p of diff.prefixes.removed) lines.push(`  - prefix ${p}`);
  for (const w of diff.writers.added) lines.push(`  + writer ${w}`);
  for (const w of diff.writers.removed) lines.push(`  - writer ${w}`);
  lines.push(`  ${diff.unchanged} table(s) unchanged`);
  return lines.join('\n');
}
