import type { ColumnValue } from '@ferry/core';
import type { LiveRow } from './LiveRow.js';
import type { Prng } from './Prng.js';
import { Recording } from './Recording.js';
import type { SourceColumn, SourceTable } from './shopTables.js';

/** One table of a simulated source: its live rows, the keys it may reuse, and the file being filled. */
export class SimulatedTable {
  readonly def: SourceTable;
  readonly keyIndexes: readonly number[];
  /** Rows CDC may touch; the full load's edge rows stay as they are, so their values reach the oracle. */
  readonly candidates: LiveRow[] = [];
  readonly frozen: LiveRow[] = [];
  /** Keys of deleted rows, which may come back; the oldest are forgotten beyond `deletedKeysKept`. */
  readonly deleted: (readonly ColumnValue[])[] = [];
  /** Composite keys (order_items): the last line number used per order id. */
  readonly nextLine = new Map<string, number>();
  readonly allColumns: readonly SourceColumn[];
  /** Columns added by DDL so far (a prefix of `def.added`), and where the latest DDL's columns start. */
  addedCount = 0;
  lastAddedFrom = 0;
  /** Indexes of the columns an UPDATE may set, given `addedCount`. */
  editable: readonly number[];
  idCounter = 0;
  pending: Recording;
  readonly #editableAll: readonly number[];
  readonly #deletedKeysKept: number;

  constructor(def: SourceTable, deletedKeysKept: number) {
    this.def = def;
    this.keyIndexes = def.primaryKey.map((k) => def.columns.findIndex((c) => c.name === k));
    this.allColumns = [...def.columns, ...def.added];
    this.#editableAll = this.allColumns.map((_, i) => i).filter((i) => !this.keyIndexes.includes(i));
    this.editable = this.#editableAll.filter((i) => i < def.columns.length);
    this.pending = new Recording(this.allColumns.length);
    this.#deletedKeysKept = deletedKeysKept;
  }

  /** ALTER TABLE … ADD COLUMN of the next `n` of `def.added`: later files are wider, old rows hold NULL there. */
  addColumns(n: number): void {
    if (this.addedCount + n > this.def.added.length)
      throw new Error(`testkit bug: ${this.def.name} has no more columns to add`);
    this.lastAddedFrom = this.addedCount;
    this.addedCount += n;
    const width = this.def.columns.length + this.addedCount;
    this.editable = this.#editableAll.filter((i) => i < width);
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
    // An endless stream forgets old deleted keys in batches (a splice per delete would cost O(kept)).
    if (this.deleted.length >= 2 * this.#deletedKeysKept)
      this.deleted.splice(0, this.deleted.length - this.#deletedKeysKept);
  }

  liveRows(): LiveRow[] {
    return [...this.frozen, ...this.candidates];
  }
}
