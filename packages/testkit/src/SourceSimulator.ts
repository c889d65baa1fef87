import type { ChangeOp, ColumnValue } from '@ferry/core';
import { dmsTimestampText } from './dmsTimestampText.js';
import type { LiveRow } from './LiveRow.js';
import type { Prng } from './Prng.js';
import type { RecordedFile } from './RecordedFile.js';
import { Recording } from './Recording.js';
import { SimulatedTable } from './SimulatedTable.js';
import { ValuePool } from './sampleValues.js';
import type { SourceColumn, SourceTable } from './shopTables.js';
import { uint64Id } from './uint64Id.js';

const NULL_CHANCE = 0.08;
const UINT64_MAX = 2n ** 64n - 1n;

/** `random`, or one of the full load's edge rows: all NULLs, all maxima, all minima. */
export type RowKind = 'random' | 'null' | 'max' | 'min';

/** Keys of the full load's three edge rows: NULLs, maxima, minima. */
const EDGE_IDS: Record<'null' | 'max' | 'min', bigint> = { null: 2n ** 53n + 1n, max: UINT64_MAX, min: 0n };
const EDGE_LINES: Record<'null' | 'max' | 'min', number> = { null: 1, max: 2_147_483_647, min: -2_147_483_648 };

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
 * One MySQL source changing step by step, recorded the way DMS writes it to S3. Drivers decide when
 * things happen (`generateWorkload` minute by minute, `DemoDmsWriter` tick by tick); this holds the
 * tables, draws the values and records the changes. Every draw comes from the one `rng`, in call order,
 * so a driver that makes the same calls gets the same bytes.
 */
export class SourceSimulator {
  readonly tables: readonly SimulatedTable[];
  /** CDC rows recorded so far. */
  emitted = 0;
  readonly #rng: Prng;
  readonly #byName: ReadonlyMap<string, SimulatedTable>;
  readonly #sequenceTables: ReadonlySet<string>;
  readonly #pool = new ValuePool();
  #counter = 0;
  #commit = 0n;
  #commitText = dmsTimestampText(0n);

  /** `deletedKeysKept`: how many deleted keys per table may come back (an endless stream must forget some). */
  constructor(
    rng: Prng,
    options: {
      readonly tables: readonly SourceTable[];
      readonly sequenceTables: ReadonlySet<string>;
      readonly deletedKeysKept?: number;
    },
  ) {
    this.#rng = rng;
    const kept = options.deletedKeysKept ?? Number.POSITIVE_INFINITY;
    this.tables = options.tables.map((t) => new SimulatedTable(t, kept));
    this.#byName = new Map(this.tables.map((t) => [t.def.name, t]));
    this.#sequenceTables = options.sequenceTables;
  }

  hasSequence(table: SimulatedTable): boolean {
    return this.#sequenceTables.has(table.def.name);
  }

  /** Moves the commit clock (micros UTC); changes recorded from now on carry this time. */
  setCommit(micros: bigint): void {
    if (micros !== this.#commit) {
      this.#commit = micros;
      this.#commitText = dmsTimestampText(micros);
    }
  }

  /**
   * The full load: a snapshot at `start`, rows stamped with their transfer time spread over `span`
   * micros, edge rows (NULLs, maxima, minima) first and frozen so their values reach the oracle.
   */
  fullLoad(plan: {
    readonly start: bigint;
    readonly span: bigint;
    readonly rows: ReadonlyMap<string, number>;
    readonly files: number;
    readonly sequence: null | '';
  }): RecordedFile[] {
    const files: RecordedFile[] = [];
    for (const table of this.tables) {
      const n = plan.rows.get(table.def.name) ?? 0;
      const fileCount = Math.min(plan.files, n);
      let recording = new Recording(table.allColumns.length);
      for (let i = 0; i < n; i++) {
        const kind: RowKind = i === 0 ? 'null' : i === 1 ? 'max' : i === 2 ? 'min' : 'random';
        const key = this.newKey(table, kind);
        const values = this.#newRow(table, key, kind);
        const dmsTimestamp = dmsTimestampText(plan.start + (BigInt(i) * plan.span) / BigInt(n) + 1234n);
        const sequence = this.hasSequence(table) ? plan.sequence : null;
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
            addedCount: table.addedCount,
            hasSequence: this.hasSequence(table),
            rows: recording,
          });
          recording = new Recording(table.allColumns.length);
        }
      }
    }
    return files;
  }

  /** The changes recorded in `table` since its last flush, as one CDC file named after `fileTime`. */
  flush(table: SimulatedTable, fileName: string, fileTime: bigint): RecordedFile {
    const file: RecordedFile = {
      table: table.def,
      kind: 'cdc',
      fileName,
      fileTime,
      addedCount: table.addedCount,
      hasSequence: this.hasSequence(table),
      rows: table.pending,
    };
    table.pending = new Recording(table.allColumns.length);
    return file;
  }

  newKey(table: SimulatedTable, kind: RowKind): ColumnValue[] {
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
    const order = refTable === undefined ? undefined : this.#byName.get(refTable)?.pickLive(this.#rng);
    const orderId = order?.key[0] ?? uint64Id(this.#rng.range(1, 1_000_000));
    const k = String(orderId);
    const line = (table.nextLine.get(k) ?? 0) + 1;
    table.nextLine.set(k, line);
    return [orderId, line];
  }

  insert(table: SimulatedTable, kind: RowKind = 'random', key?: readonly ColumnValue[]): LiveRow {
    const k = key ?? this.newKey(table, kind);
    const row: LiveRow = {
      key: k,
      values: this.#newRow(table, k, kind),
      dmsTimestamp: this.#commitText,
      sequence: null,
      slot: -1,
    };
    table.add(row, false);
    this.#record(table, 'I', row);
    return row;
  }

  /** Sets 1–3 random columns, or with `setAdded` the columns the latest DDL added. */
  update(table: SimulatedTable, row: LiveRow, setAdded = false): void {
    const rng = this.#rng;
    if (setAdded) {
      const from = table.def.columns.length + table.lastAddedFrom;
      for (let i = from; i < table.def.columns.length + table.addedCount; i++) {
        row.values[i] = (table.allColumns[i] as SourceColumn).values.random(rng);
      }
    } else {
      for (let n = rng.range(1, 3); n > 0; n--) {
        const i = rng.pick(table.editable);
        row.values[i] = this.#freshValue(table.allColumns[i] as SourceColumn, 'random');
      }
    }
    this.#record(table, 'U', row);
  }

  remove(table: SimulatedTable, row: LiveRow): void {
    this.#record(table, 'D', row);
    table.remove(row);
  }

  /**
   * One random change of `table`, sometimes a short burst of the same key (I U U D, I U, U U); a deleted
   * key sometimes comes back. `budget` caps the rows it records (at least 1 is recorded); `grow: false`
   * turns inserts into deletes, so a driver can hold the live set under a cap. Returns the rows recorded.
   */
  randomChange(table: SimulatedTable, budget = Number.POSITIVE_INFINITY, grow = true): number {
    const rng = this.#rng;
    const before = this.emitted;
    const r = rng.next();
    const row = table.pickCandidate(rng);
    if (row !== undefined && r < 0.35 && !grow) {
      this.remove(table, row);
    } else if (row === undefined || r < 0.35) {
      const revived = table.deleted.length > 0 && rng.chance(0.05) && table.def.primaryKey.length === 1;
      const fresh = this.insert(
        table,
        'random',
        revived ? table.deleted.splice(rng.int(table.deleted.length), 1)[0] : undefined,
      );
      const burst = rng.next();
      if (burst < 0.12 && budget >= 4) {
        this.update(table, fresh);
        this.update(table, fresh);
        this.remove(table, fresh);
      } else if (burst < 0.22 && budget >= 2) {
        this.update(table, fresh);
      }
    } else if (r < 0.8) {
      this.update(table, row);
      if (rng.chance(0.15) && budget >= 2) this.update(table, row);
    } else {
      this.remove(table, row);
    }
    return this.emitted - before;
  }

  /**
   * Forgets line counters of orders that are neither live nor referenced by a live line, so an endless
   * stream's bookkeeping stays the size of its live set. A forgotten order that comes back numbers its
   * lines from 1 again, which cannot collide: none of its lines is live.
   */
  pruneLineCounters(): void {
    for (const table of this.tables) {
      if (table.def.primaryKey.length === 1) continue;
      const keep = new Set<string>();
      for (const row of table.liveRows()) keep.add(String(row.key[0]));
      const refTable = table.def.columns[table.keyIndexes[0] as number]?.ref;
      const ref = refTable === undefined ? undefined : this.#byName.get(refTable);
      for (const row of ref?.liveRows() ?? []) keep.add(String(row.key[0]));
      for (const k of [...table.nextLine.keys()]) if (!keep.has(k)) table.nextLine.delete(k);
    }
  }

  /** Records a change in the table's pending file and stamps the row with it. */
  #record(table: SimulatedTable, op: ChangeOp, row: LiveRow): void {
    this.#counter += 1;
    const sequence = this.hasSequence(table) ? changeSequence(this.#commit, this.#counter) : null;
    table.pending.push(op, this.#commitText, sequence, row.values);
    row.dmsTimestamp = this.#commitText;
    row.sequence = sequence;
    this.emitted += 1;
  }

  #freshValue(column: SourceColumn, kind: RowKind): ColumnValue {
    const rng = this.#rng;
    if (column.ref !== undefined) {
      if (kind === 'null' && column.nullable) return null;
      if (kind !== 'random') return EDGE_IDS[kind];
      const ref = this.#byName.get(column.ref)?.pickLive(rng);
      const id = ref?.key[0];
      return id !== undefined && !rng.chance(0.05) ? id : uint64Id(rng.range(1, 1_000_000));
    }
    if (kind === 'max') return column.values.max;
    if (kind === 'min') return column.values.min;
    if (column.nullable && (kind === 'null' || rng.chance(NULL_CHANCE))) return null;
    return this.#pool.draw(column.values, rng);
  }

  #newRow(table: SimulatedTable, key: readonly ColumnValue[], kind: RowKind): ColumnValue[] {
    const values: ColumnValue[] = [];
    table.def.columns.forEach((c, i) => {
      const k = table.keyIndexes.indexOf(i);
      values.push(k >= 0 ? (key[k] as ColumnValue) : this.#freshValue(c, kind));
    });
    table.def.added.forEach((c, i) => {
      values.push(i < table.addedCount ? this.#freshValue(c, kind) : null);
    });
    return values;
  }
}
