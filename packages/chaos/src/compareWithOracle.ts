import { canonicalText, type Sink } from '@ferry/core';
import type { Workload } from '@ferry/testkit';
import type { OracleDiff } from './OracleDiff.js';

const EXAMPLES = 5;

/**
 * Counts, over every target table of a workload, how one sink's live rows differ from the oracle's: lost rows,
 * duplicated keys, deleted rows come back (a key the source deleted in some CDC file), and wrong values.
 */
export async function compareWithOracle(
  workload: Workload,
  sink: Pick<Sink, 'readRows'>,
  which: 'warehouse' | 'speedLayer',
): Promise<OracleDiff> {
  const deleted = deletedKeys(workload);
  let lost = 0;
  let duplicated = 0;
  let resurrected = 0;
  let wrong = 0;
  const examples: string[] = [];
  const note = (text: string) => {
    if (examples.length < EXAMPLES) examples.push(text);
  };
  for (const table of workload.oracle) {
    const target = table[which];
    const keyOf = (row: Readonly<Record<string, string | null>>) =>
      JSON.stringify(target.keyColumns.map((c) => row[c] ?? null));
    const expected = new Map(table.rows.map((r) => [keyOf(r), r]));
    const seen = new Set<string>();
    const name = `${which === 'warehouse' ? 'warehouse' : 'speed layer'} ${target.namespace ? `${target.namespace}.` : ''}${target.name}`;
    for (const row of await sink.readRows(target, table.columns)) {
      const key = keyOf(row);
      if (seen.has(key)) {
        duplicated += 1;
        note(`${name}: key ${key} more than once`);
        continue;
      }
      seen.add(key);
      const want = expected.get(key);
      if (want === undefined) {
        const wasDeleted = table.sources.some((s) => deleted.get(s)?.has(key));
        if (wasDeleted) resurrected += 1;
        else wrong += 1;
        note(`${name}: key ${key} ${wasDeleted ? 'was deleted in the source' : 'never existed in the source'}`);
        continue;
      }
      const differing = table.columns.map((c) => c.name).filter((c) => (row[c] ?? null) !== (want[c] ?? null));
      if (differing.length > 0) {
        wrong += 1;
        note(`${name}: key ${key} differs in ${differing.map((c) => `${c} (${row[c]} ≠ ${want[c]})`).join(', ')}`);
      }
    }
    for (const key of expected.keys()) {
      if (!seen.has(key)) {
        lost += 1;
        note(`${name}: key ${key} missing`);
      }
    }
  }
  return { lost, duplicated, resurrected, wrong, examples };
}

/**
 * Per mapping entry (`<source>:<schema>.<table>`), the keys some CDC file deletes, in the oracle's key form:
 * the tenant (the source's name) first when the workload consolidates, then the primary key as canonical text.
 */
function deletedKeys(workload: Workload): Map<string, Set<string>> {
  const byEntry = new Map<string, Set<string>>();
  for (const file of workload.files) {
    const op = file.columns.find((c) => c.name === 'Op');
    if (op === undefined) continue;
    const oracle = workload.oracle.find((o) => o.sources.includes(`${file.source}:${file.table}`));
    if (oracle === undefined) continue;
    const entry = `${file.source}:${file.table}`;
    const keys = byEntry.get(entry) ?? new Set<string>();
    byEntry.set(entry, keys);
    const keyColumns = oracle.warehouse.keyColumns.map((name) => file.columns.find((c) => c.name === name));
    op.values.forEach((value, row) => {
      if (value !== 'D') return;
      const key = keyColumns.map((c) => (c === undefined ? file.source : canonicalText(c.type, c.values[row] ?? null)));
      keys.add(JSON.stringify(key));
    });
  }
  return byEntry;
}
