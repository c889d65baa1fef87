import { cdcFileName } from './cdcFileName.js';
import type { LiveRow } from './LiveRow.js';
import type { Prng } from './Prng.js';
import type { RecordedFile } from './RecordedFile.js';
import type { SimulatedTable } from './SimulatedTable.js';
import { SourceSimulator } from './SourceSimulator.js';
import type { SourceTable } from './shopTables.js';

// Internal: generateWorkload's driver of one source, minute by minute.

const SECOND = 1_000_000n;
const MINUTE = 60n * SECOND;

export interface SourcePlan {
  readonly tables: readonly SourceTable[];
  readonly sequenceTables: ReadonlySet<string>;
  /** Full-load rows per table name. */
  readonly fullLoadRows: ReadonlyMap<string, number>;
  readonly fullLoadFiles: number;
  /** The sequence column's value in full-load rows (they have no change sequence). */
  readonly fullLoadSequence: null | '';
  /** CDC rows per minute (all tables), before forced changes. */
  readonly cdcRowsPerMinute: number;
  readonly minutes: number;
  readonly start: bigint;
  /** The table that gets ADD COLUMN (all of its `added` columns) at `ddlMinute`, if any. */
  readonly ddlTable: string | undefined;
}

/**
 * Runs one source: full load, then `minutes` of CDC, and returns the files DMS would have written plus
 * the tables' final state (the oracle's input).
 */
export function simulateSource(
  rng: Prng,
  plan: SourcePlan,
): { files: RecordedFile[]; finalState: Map<string, LiveRow[]> } {
  const sim = new SourceSimulator(rng, { tables: plan.tables, sequenceTables: plan.sequenceTables });
  const files = sim.fullLoad({
    start: plan.start,
    span: 50n * SECOND,
    rows: plan.fullLoadRows,
    files: plan.fullLoadFiles,
    sequence: plan.fullLoadSequence,
  });

  // CDC: changes committed second by second; MySQL's binlog keeps whole seconds, so DMS_TIMESTAMP does too
  // and several changes of one row share it.
  const cdcStart = plan.start + MINUTE;
  const tables = sim.tables;
  const totalWeight = tables.reduce((s, t) => s + t.def.weight, 0);
  sim.setCommit(cdcStart);

  const ddlMinute = Math.floor(plan.minutes / 2);
  const edgeMinute = Math.floor(plan.minutes / 3);
  for (let m = 0; m < plan.minutes; m++) {
    const minuteStart = cdcStart + BigInt(m) * MINUTE;
    const budget = plan.cdcRowsPerMinute;
    const startEmitted = sim.emitted;
    const tick = (): void => {
      // Commits move forward through the minute; bursts share a second.
      const done = Math.min(sim.emitted - startEmitted, Math.max(budget, 1));
      sim.setCommit(minuteStart + BigInt(Math.floor((done * 59) / Math.max(budget, 1))) * SECOND);
    };
    tick();
    // Forced changes, so every workload has the shapes the tests look for whatever its size.
    for (const table of tables) {
      if (m === 0) {
        const row = sim.insert(table); // I, U, U, D of one key in one file
        sim.update(table, row);
        sim.update(table, row);
        sim.remove(table, row);
      }
      if (m === Math.min(1, plan.minutes - 1)) {
        sim.update(table, sim.insert(table)); // I, U: stays live
        const old = table.pickCandidate(rng);
        if (old) {
          sim.update(table, old);
          sim.update(table, old);
        }
      }
      if (m === edgeMinute) sim.insert(table, 'max', sim.newKey(table, 'random')); // extremes in a CDC file too
      if (table.def.name === plan.ddlTable && m === ddlMinute) {
        // ALTER TABLE … ADD COLUMN: from here on the table's files are wider; old rows hold NULL there.
        table.addColumns(table.def.added.length);
        const old = table.pickCandidate(rng);
        if (old) sim.update(table, old, true);
        sim.update(table, sim.insert(table), true);
      }
      if (table.def.primaryKey.length === 1 && m === Math.max(0, plan.minutes - 2)) {
        const victim = table.pickCandidate(rng);
        if (victim) sim.remove(table, victim);
      }
      if (table.def.primaryKey.length === 1 && m === plan.minutes - 1 && table.deleted.length > 0) {
        sim.insert(table, 'random', table.deleted.pop()); // a deleted key comes back
      }
      tick();
    }
    while (sim.emitted - startEmitted < budget) {
      let pick = rng.next() * totalWeight;
      let table = tables[tables.length - 1] as SimulatedTable;
      for (const t of tables) {
        pick -= t.def.weight;
        if (pick < 0) {
          table = t;
          break;
        }
      }
      sim.randomChange(table);
      tick();
    }
    // DMS flushes each table's changes of the minute into one file named after the write time.
    for (const table of tables) {
      if (table.pending.rowCount === 0) continue;
      const fileTime = minuteStart + MINUTE + BigInt(rng.int(1000)) * 1000n;
      files.push(sim.flush(table, cdcFileName(fileTime), fileTime));
    }
  }

  const finalState = new Map(tables.map((t) => [t.def.name, t.liveRows()]));
  return { files, finalState };
}
