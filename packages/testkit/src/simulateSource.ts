import type { ChangeOp, ColumnValue } from '@ferry/core';
import { dmsTimestampText } from './dmsTimestampText.js';
import type { Prng } from './Prng.js';
import { ValuePool } from './sampleValues.js';
import type { SourceColumn, SourceTable } from './shopTables.js';
import { uint64Id } from './uint64Id.js';

// Internal: one MySQL source changing over simulated time, recorded the way DMS writes it to S3.

const SECOND = 1_000_000n;
const MINUTE = 60n * SECOND;
const NULL_CHANCE = 0.08;
const UINT64_MAX = 2n ** 64n - 1n;

/** The rows of one file, column by column, as DMS writes them. */
export class Recording {
  readonly ops: ChangeOp[] = [];
  /** `DMS_TIMESTAMP` texts. */
  readonly timestamps: string[] = [];
  readonly sequences: (string | null)[] = [];
  /** Values of every data column, then of the added columns. */
  readonly columns: ColumnValue[][];

  constructor(width: number) {
    this.columns = Array.from({ length: width }, () => []);
  }

  get rowCount(): number {
    return this.ops.length;
  }

  push(op: ChangeOp, timestamp: string, sequence: string | null, values: readonly ColumnValue[]): void {
    this.ops.push(op);
    this.timestamps.push(timestamp);
    this.sequences.push(sequence);
    for (let i = 0; i < values.length; i++) (this.columns[i] as ColumnValue[]).push(values[i] as ColumnValue);
  }
}

/** One file the simulated DMS task wrote, before it becomes parquet. */
export interface RecordedFile {
  readonly table: SourceTable;
  readonly kind: 'full-load' | 'cdc';
  /** `LOAD0000000A.parquet` or `20261123-000100417.parquet` */
  readonly fileName: string;
  /** CDC: the name time, micros UTC (orders the files); full load: 0. */
  readonly fileTime: bigint;
  /** Whether the file has the columns added by DDL. */
  readonly withAdded: boolean;
  readonly hasSequence: boolean;
  readonly rows: Recording;
}

export interface LiveRow {
  readonly key: readonly ColumnValue[];
  values: ColumnValue[];
  /** `DMS_TIMESTAMP` text of the change that wrote the row's current version. */
  dmsTimestamp: string;
  sequence: string | null;
  /** Index in the table's candidates, or -1 for a frozen edge row. */
  slot: number;
}

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
  /** The table that gets ADD COLUMN at `ddlMinute`, if any. */
  readonly ddlTable: string | undefined;
}

type RowKind = 'random' | 'null' | 'max' | 'min';

class TableState {
  readonly def: SourceTable;
  readonly keyIndexes: readonly number[];
  /** Rows CDC may touch; the full load's edge rows stay as they are, so their values reach the oracle. */
  readonly candidates: LiveRow[] = [];
  readonly frozen: LiveRow[] = [];
  readonly deleted: (readonly ColumnValue[])[] = [];
  readonly nextLine = new Map<string, number>();
  readonly allColumns: readonly SourceColumn[];
  /** Indexes of the columns an UPDATE may set, before and after the DDL. */
  readonly editable: readonly number[];
  readonly editableWithAdded: readonly number[];
  withAdded = false;
  idCounter = 0;
  pending: Recording;

  constructor(def: SourceTable) {
    this.def = def;
    this.keyIndexes = def.primaryKey.map((k) => def.columns.findIndex((c) => c.name === k));
    this.allColumns = [...def.columns, ...def.added];
    this.editableWithAdded = this.allColumns.map((_, i) => i).filter((i) => !this.keyIndexes.includes(i));
    this.editable = this.editableWithAdded.filter((i) => i < def.columns.length);
    this.pending = new Recording(this.allColumns.length);
  }

  liveCount(): number {
    return this.frozen.length + this.candidates.length;
  }

  /** Any live row, edge rows included (for references from other tables). */
  pickLive(rng: Prng): LiveRow | undefined {
    const n = this.liveCount();
    if (n === 0) return undefined;
    const i = rng.int(n);
    return i < this.frozen.length ? this.frozen[i] : this.candidates[i - this.frozen.length];
  }

  pickCandidate(rng: Prng): LiveRow | undefined {
    if (this.candidates.length === 0) return undefined;
    return this.candidates[rng.int(this.candidates.length)];
  }

  add(row: LiveRow, frozen: boolean): void {
    if (frozen) {
      row.slot = -1;
      this.frozen.push(row);
    } else {
      row.slot = this.candidates.length;
      this.candidates.push(row);
    }
  }

  remove(row: LiveRow): void {
    const i = row.slot;
    if (i < 0 || this.candidates[i] !== row) throw new Error(`testkit bug: deleting a row CDC may not touch`);
    const last = this.candidates.pop() as LiveRow;
    if (last !== row) {
      this.candidates[i] = last;
      last.slot = i;
    }
    this.deleted.push(row.key);
  }

  liveRows(): LiveRow[] {
    return [...this.frozen, ...this.candidates];
  }
}

/** Keys of the full load's three edge rows: NULLs, maxima, minima. */
const EDGE_IDS: Record<'null' | 'max' | 'min', bigint> = { null: 2n ** 53n + 1n, max: UINT64_MAX, min: 0n };
const EDGE_LINES: Record<'null' | 'max' | 'min', number> = { null: 1, max: 2_147_483_647, min: -2_147_483_648 };

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `yyyyMMdd-HHmmssSSS.parquet`, the CDC file name for a write time (FACTS.md §1). */
function cdcFileName(micros: bigint): string {
  const d = new Date(Number(micros / 1000n));
  return (
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}${pad(d.getUTCMilliseconds(), 3)}.parquet`
  );
}

/** `LOAD00000001.parquet` … `LOAD0000000A.parquet`: the full-load counter is hexadecimal (FACTS.md §1). */
function loadFileName(counter: number): string {
  return `LOAD${counter.toString(16).toUpperCase().padStart(8, '0')}.parquet`;
}

/**
 * `$AR_H_CHANGE_SEQ`: `YYYYMMDDHHmmSShh` commit time and a 19-digit change number that increases across
 * all tables of the task, 35 digits in all.
 */
function changeSequence(commit: bigint, counter: number): string {
  const t = dmsTimestampText(commit);
  // yyyy-MM-dd HH:mm:ss.SS → yyyyMMddHHmmssSS
  const time =
    t.slice(0, 4) +
    t.slice(5, 7) +
    t.slice(8, 10) +
    t.slice(11, 13) +
    t.slice(14, 16) +
    t.slice(17, 19) +
    t.slice(20, 22);
  return `${time}${String(counter).padStart(19, '0')}`;
}

/**
 * Runs one source: full load, then `minutes` of CDC, and returns the files DMS would have written plus
 * the tables' final state (the oracle's input).
 */
export function simulateSource(
  rng: Prng,
  plan: SourcePlan,
): { files: RecordedFile[]; finalState: Map<string, LiveRow[]> } {
  const states = new Map(plan.tables.map((t) => [t.name, new TableState(t)]));
  const files: RecordedFile[] = [];
  let counter = 0;
  const pool = new ValuePool();

  const freshValue = (column: SourceColumn, kind: RowKind): ColumnValue => {
    if (column.ref !== undefined) {
      if (kind === 'null' && column.nullable) return null;
      if (kind !== 'random') return EDGE_IDS[kind];
      const ref = states.get(column.ref)?.pickLive(rng);
      const id = ref?.key[0];
      return id !== undefined && !rng.chance(0.05) ? id : uint64Id(rng.range(1, 1_000_000));
    }
    if (kind === 'max') return column.values.max;
    if (kind === 'min') return column.values.min;
    if (column.nullable && (kind === 'null' || rng.chance(NULL_CHANCE))) return null;
    return pool.draw(column.values, rng);
  };

  const newKey = (table: TableState, kind: RowKind): ColumnValue[] => {
    if (table.def.primaryKey.length === 1) {
      if (kind !== 'random') return [EDGE_IDS[kind]];
      table.idCounter += 1;
      return [uint64Id(table.idCounter)];
    }
    // order_items: (order_id, line_no), lines numbered per order.
    if (kind !== 'random') {
      const edge = [EDGE_IDS[kind], EDGE_LINES[kind]];
      // Later lines of the same order must not reuse the edge row's line number.
      if (EDGE_LINES[kind] > 0 && EDGE_LINES[kind] < 1_000_000) table.nextLine.set(String(edge[0]), EDGE_LINES[kind]);
      return edge;
    }
    const refTable = table.def.columns[table.keyIndexes[0] as number]?.ref;
    const order = refTable === undefined ? undefined : states.get(refTable)?.pickLive(rng);
    const orderId = order?.key[0] ?? uint64Id(rng.range(1, 1_000_000));
    const k = String(orderId);
    const line = (table.nextLine.get(k) ?? 0) + 1;
    table.nextLine.set(k, line);
    return [orderId, line];
  };

  const newRow = (table: TableState, key: readonly ColumnValue[], kind: RowKind): ColumnValue[] => {
    const values: ColumnValue[] = [];
    table.def.columns.forEach((c, i) => {
      const k = table.keyIndexes.indexOf(i);
      values.push(k >= 0 ? (key[k] as ColumnValue) : freshValue(c, kind));
    });
    for (const c of table.def.added) values.push(table.withAdded ? freshValue(c, kind) : null);
    return values;
  };

  // Full load: a snapshot at `start`, rows stamped with their transfer time, edge rows first.
  for (const table of states.values()) {
    const n = plan.fullLoadRows.get(table.def.name) ?? 0;
    const fileCount = Math.min(plan.fullLoadFiles, n);
    let recording = new Recording(table.allColumns.length);
    for (let i = 0; i < n; i++) {
      const kind: RowKind = i === 0 ? 'null' : i === 1 ? 'max' : i === 2 ? 'min' : 'random';
      const key = newKey(table, kind);
      const values = newRow(table, key, kind);
      const dmsTimestamp = dmsTimestampText(plan.start + (BigInt(i) * 50n * SECOND) / BigInt(n) + 1234n);
      const sequence = plan.sequenceTables.has(table.def.name) ? plan.fullLoadSequence : null;
      table.add({ key, values, dmsTimestamp, sequence, slot: -1 }, kind !== 'random');
      recording.push('I', dmsTimestamp, sequence, values);
      // Rows spread evenly over the files: file f ends where row (f+1)·n/fileCount begins.
      const fileIndex = Math.floor((i * fileCount) / n);
      if (Math.floor(((i + 1) * fileCount) / n) !== fileIndex || i === n - 1) {
        files.push({
          table: table.def,
          kind: 'full-load',
          fileName: loadFileName(fileIndex + 1),
          fileTime: 0n,
          withAdded: false,
          hasSequence: plan.sequenceTables.has(table.def.name),
          rows: recording,
        });
        recording = new Recording(table.allColumns.length);
      }
    }
  }

  // CDC: changes committed second by second; MySQL's binlog keeps whole seconds, so DMS_TIMESTAMP does too
  // and several changes of one row share it.
  const cdcStart = plan.start + MINUTE;
  const tables = [...states.values()];
  const totalWeight = tables.reduce((s, t) => s + t.def.weight, 0);
  let emitted = 0;
  let commit = cdcStart;
  let commitText = dmsTimestampText(commit);

  /** Records a change in the table's file of the minute and stamps the row with it. */
  const record = (table: TableState, op: ChangeOp, row: LiveRow): void => {
    counter += 1;
    const sequence = plan.sequenceTables.has(table.def.name) ? changeSequence(commit, counter) : null;
    table.pending.push(op, commitText, sequence, row.values);
    row.dmsTimestamp = commitText;
    row.sequence = sequence;
    emitted += 1;
  };
  const insert = (table: TableState, kind: RowKind = 'random', key?: readonly ColumnValue[]): LiveRow => {
    const k = key ?? newKey(table, kind);
    const row: LiveRow = { key: k, values: newRow(table, k, kind), dmsTimestamp: commitText, sequence: null, slot: -1 };
    table.add(row, false);
    record(table, 'I', row);
    return row;
  };
  const update = (table: TableState, row: LiveRow, setAdded = false): void => {
    if (setAdded) {
      for (let i = table.def.columns.length; i < table.allColumns.length; i++) {
        row.values[i] = (table.allColumns[i] as SourceColumn).values.random(rng);
      }
    } else {
      const editable = table.withAdded ? table.editableWithAdded : table.editable;
      for (let n = rng.range(1, 3); n > 0; n--) {
        const i = rng.pick(editable);
        row.values[i] = freshValue(table.allColumns[i] as SourceColumn, 'random');
      }
    }
    record(table, 'U', row);
  };
  const remove = (table: TableState, row: LiveRow): void => {
    record(table, 'D', row);
    table.remove(row);
  };

  const randomChange = (table: TableState): void => {
    const r = rng.next();
    const row = table.pickCandidate(rng);
    if (row === undefined || r < 0.35) {
      const revived = table.deleted.length > 0 && rng.chance(0.05) && table.def.primaryKey.length === 1;
      const fresh = insert(
        table,
        'random',
        revived ? table.deleted.splice(rng.int(table.deleted.length), 1)[0] : undefined,
      );
      const burst = rng.next();
      if (burst < 0.12) {
        update(table, fresh);
        update(table, fresh);
        remove(table, fresh);
      } else if (burst < 0.22) {
        update(table, fresh);
      }
    } else if (r < 0.8) {
      update(table, row);
      if (rng.chance(0.15)) update(table, row);
    } else {
      remove(table, row);
    }
  };

  const ddlMinute = Math.floor(plan.minutes / 2);
  const edgeMinute = Math.floor(plan.minutes / 3);
  for (let m = 0; m < plan.minutes; m++) {
    const minuteStart = cdcStart + BigInt(m) * MINUTE;
    const budget = plan.cdcRowsPerMinute;
    const startEmitted = emitted;
    const tick = (): void => {
      // Commits move forward through the minute; bursts share a second.
      const done = Math.min(emitted - startEmitted, Math.max(budget, 1));
      const next = minuteStart + BigInt(Math.floor((done * 59) / Math.max(budget, 1))) * SECOND;
      if (next !== commit) {
        commit = next;
        commitText = dmsTimestampText(commit);
      }
    };
    tick();
    // Forced changes, so every workload has the shapes the tests look for whatever its size.
    for (const table of tables) {
      if (m === 0) {
        const row = insert(table); // I, U, U, D of one key in one file
        update(table, row);
        update(table, row);
        remove(table, row);
      }
      if (m === Math.min(1, plan.minutes - 1)) {
        update(table, insert(table)); // I, U: stays live
        const old = table.pickCandidate(rng);
        if (old) {
          update(table, old);
          update(table, old);
        }
      }
      if (m === edgeMinute) insert(table, 'max', newKey(table, 'random')); // extremes in a CDC file too
      if (table.def.name === plan.ddlTable && m === ddlMinute) {
        // ALTER TABLE … ADD COLUMN: from here on the table's files are wider; old rows hold NULL there.
        table.withAdded = true;
        const old = table.pickCandidate(rng);
        if (old) update(table, old, true);
        update(table, insert(table), true);
      }
      if (table.def.primaryKey.length === 1 && m === Math.max(0, plan.minutes - 2)) {
        const victim = table.pickCandidate(rng);
        if (victim) remove(table, victim);
      }
      if (table.def.primaryKey.length === 1 && m === plan.minutes - 1 && table.deleted.length > 0) {
        insert(table, 'random', table.deleted.pop()); // a deleted key comes back
      }
      tick();
    }
    while (emitted - startEmitted < budget) {
      let pick = rng.next() * totalWeight;
      let table = tables[tables.length - 1] as TableState;
      for (const t of tables) {
        pick -= t.def.weight;
        if (pick < 0) {
          table = t;
          break;
        }
      }
      randomChange(table);
      tick();
    }
    // DMS flushes each table's changes of the minute into one file named after the write time.
    for (const table of tables) {
      if (table.pending.rowCount === 0) continue;
      const fileTime = minuteStart + MINUTE + BigInt(rng.int(1000)) * 1000n;
      files.push({
        table: table.def,
        kind: 'cdc',
        fileName: cdcFileName(fileTime),
        fileTime,
        withAdded: table.withAdded,
        hasSequence: plan.sequenceTables.has(table.def.name),
        rows: table.pending,
      });
      table.pending = new Recording(table.allColumns.length);
    }
  }

  const finalState = new Map([...states].map(([name, s]) => [name, s.liveRows()]));
  return { files, finalState };
}
