import { cdcFileName } from './cdcFileName.js';
import type { DemoFile } from './DemoFile.js';
import type { DemoWriterOptions } from './DemoWriterOptions.js';
import { demoTables } from './demoTables.js';
import { encodeDmsParquet } from './encodeDmsParquet.js';
import type { MappingJson } from './MappingJson.js';
import type { OracleTable } from './OracleTable.js';
import { Prng } from './Prng.js';
import type { RecordedFile } from './RecordedFile.js';
import { SourceSimulator } from './SourceSimulator.js';
import type { SourceTable } from './shopTables.js';
import type { TargetOptions } from './TargetOptions.js';
import { toWorkloadFile } from './toWorkloadFile.js';
import { WORKLOAD_TABLES } from './WorkloadOptions.js';
import { workloadMapping } from './workloadMapping.js';
import { workloadOracle } from './workloadOracle.js';

const SOURCE_NAME = /^[a-z][a-z0-9-]{0,39}$/;
const SECOND = 1_000_000n;
const MILLI = 1000n;
/** Deleted keys per table that may still come back; older ones are forgotten. */
const DELETED_KEYS_KEPT = 256;
/** How often (in ticks) line counters of forgotten orders are dropped. */
const PRUNE_EVERY_TICKS = 64;
/** A table's live-row cap is at least this, so it always has rows beyond its 3 frozen edge rows to change. */
const MIN_TABLE_CAP = 8;
/** Which table's DDL comes first in each round: orders, as in `generateWorkload`. */
const DDL_ORDER = ['shop.orders', 'shop.customers', 'shop.order_items'];

type Resolved = Required<Omit<DemoWriterOptions, 'start'>> & { readonly start: bigint };

interface SourceRun {
  readonly name: string;
  readonly rng: Prng;
  readonly sim: SourceSimulator;
  /** Live-row cap per table (index as in `sim.tables`). */
  readonly caps: readonly number[];
}

/**
 * A steady, endless stream of DMS files for `ferry dev` and end-to-end tests: each source (a MySQL
 * `shop` database) gets a full load on the first tick, then every tick inserts, updates and deletes
 * `rowsPerTick` rows in all, with the same tricky values and rules as `generateWorkload` (stable keys,
 * deletes of live rows, related orders and order_items, DATETIME wall clock, exact decimals, 64-bit ids,
 * bytes, Korean text), and now and then an `ADD COLUMN`. Deterministic by `seed` (and `start`), and
 * memory stays bounded by the live set: no history is kept, only the rows as they stand.
 *
 * @example
 * const writer = new DemoDmsWriter({ seed: 1, rowsPerTick: 50, start: '2026-11-22T23:59:00Z' });
 * for (let i = 0; i < 30; i++) await writeDemoTick(writer.tick(), dir);
 * // … run the pipeline over `dir` with writer.mappings, then compare each sink with writer.oracle()
 */
export class DemoDmsWriter {
  /** One mapping per source, the shape `generateWorkload` gives for the same options. */
  readonly mappings: readonly MappingJson[];
  /** The most live rows the stream holds, all sources and tables together (the oracle's row count stays under it). */
  readonly liveRowCap: number;
  readonly #o: Resolved;
  readonly #tables: readonly SourceTable[];
  readonly #runs: readonly SourceRun[];
  readonly #fullLoadRows: ReadonlyMap<string, number>;
  /** Integer weight of each (source, table) slot, source-major, and the changes each has had. */
  readonly #weights: readonly bigint[];
  readonly #given: bigint[];
  readonly #ddl: readonly { readonly source: number; readonly table: number }[];
  /** Added columns the written files of each `<source>:<table>` have had. */
  readonly #written = new Map<string, number>();
  #ddlDone = 0;
  #lastFileTime = -1n;
  #ticks = 0;
  #rowsWritten = 0;

  constructor(options: DemoWriterOptions) {
    const o = resolve(options);
    this.#o = o;
    this.#tables = demoTables.filter((t) => o.tables.includes(t.name as never));
    const tables = this.#tables;
    const sequenceTables = new Set<string>(o.sequenceTables);
    const weights = tables.map((t) => Math.round(t.weight * 1000));
    const totalWeight = weights.reduce((s, w) => s + w, 0) * o.sources.length;
    this.#fullLoadRows = new Map(
      tables.map((t, i) => [t.name, Math.max(3, Math.round((o.fullLoadRows * (weights[i] as number)) / totalWeight))]),
    );
    const caps = weights.map((w) => Math.max(MIN_TABLE_CAP, Math.round((o.liveRows * w) / totalWeight)));
    const master = new Prng(o.seed);
    this.#runs = o.sources.map((name) => {
      // Each source draws from its own stream, so brand-a's data does not depend on how many sources follow.
      const rng = new Prng(master.uint32());
      const sim = new SourceSimulator(rng, { tables, sequenceTables, deletedKeysKept: DELETED_KEYS_KEPT });
      return { name, rng, sim, caps };
    });
    this.liveRowCap =
      o.sources.length *
      tables.reduce((s, t, i) => s + Math.max(caps[i] as number, this.#fullLoadRows.get(t.name) ?? 0), 0);
    this.#weights = o.sources.flatMap(() => weights.map((w) => BigInt(w)));
    this.#given = this.#weights.map(() => 0n);
    const ddl: { source: number; table: number }[] = [];
    const ordered = [...tables.keys()].sort(
      (a, b) => DDL_ORDER.indexOf((tables[a] as SourceTable).name) - DDL_ORDER.indexOf((tables[b] as SourceTable).name),
    );
    const rounds = Math.max(0, ...tables.map((t) => t.added.length));
    for (let r = 0; r < rounds; r++) {
      for (const table of ordered) {
        if (r >= (tables[table] as SourceTable).added.length) continue;
        o.sources.forEach((_, source) => {
          ddl.push({ source, table });
        });
      }
    }
    this.#ddl = o.addColumnEveryTicks === 0 ? [] : ddl;
    this.mappings = o.sources.map((source) => workloadMapping(source, tables, this.#targetOptions()));
  }

  /** Ticks written so far (the full load is tick 1). */
  get ticks(): number {
    return this.#ticks;
  }

  /** Row changes written so far, full load included. */
  get rowsWritten(): number {
    return this.#rowsWritten;
  }

  /**
   * Keys kept beyond the live rows: deleted keys that may come back and per-order line counters. Bounded
   * (a few hundred per table plus the live orders), whatever the number of ticks.
   */
  get trackedKeys(): number {
    let n = 0;
    for (const run of this.#runs) for (const t of run.sim.tables) n += t.deleted.length + t.nextLine.size;
    return n;
  }

  /**
   * The next tick's files, in the order DMS would write them: the first tick is every full load
   * (`LOAD00000001.parquet` per source and table), later ticks one CDC file per source and table that
   * changed, named from the simulated clock (`yyyyMMdd-HHmmssSSS`, unique and increasing).
   */
  tick(): DemoFile[] {
    const tick = this.#ticks;
    this.#ticks += 1;
    const o = this.#o;
    const tickMicros = BigInt(o.tickMillis) * MILLI;
    const recorded: { run: SourceRun; file: RecordedFile }[] = [];
    if (tick === 0) {
      for (const run of this.#runs) {
        const files = run.sim.fullLoad({
          start: o.start,
          span: tickMicros,
          rows: this.#fullLoadRows,
          files: 1,
          sequence: null,
        });
        for (const file of files) recorded.push({ run, file });
      }
    } else {
      const tickStart = o.start + BigInt(tick) * tickMicros;
      const budgets = this.#budgets(tick);
      const due = o.addColumnEveryTicks > 0 && tick >= (this.#ddlDone + 1) * o.addColumnEveryTicks;
      this.#runs.forEach((run, s) => {
        const remaining = budgets.slice(s * this.#tables.length, (s + 1) * this.#tables.length);
        const total = remaining.reduce((a, b) => a + b, 0);
        const { sim, rng } = run;
        const startEmitted = sim.emitted;
        // Commits move forward through the tick, in whole seconds as MySQL's binlog keeps them.
        const clock = () => {
          const at = tickStart + (BigInt(sim.emitted - startEmitted) * tickMicros) / BigInt(Math.max(total, 1));
          sim.setCommit((at / SECOND) * SECOND);
        };
        const ddl = this.#ddl[this.#ddlDone];
        if (due && ddl !== undefined && ddl.source === s && (remaining[ddl.table] as number) > 0) {
          // ALTER TABLE … ADD COLUMN, then a change that fills it, so the wider schema lands in this tick's file.
          const table = sim.tables[ddl.table] as (typeof sim.tables)[number];
          table.addColumns(1);
          clock();
          const old = table.pickCandidate(rng);
          if (old) sim.update(table, old, true);
          else sim.insert(table); // a new row draws the new column's value like any other
          remaining[ddl.table] = (remaining[ddl.table] as number) - 1;
          this.#ddlDone += 1;
        }
        let left = remaining.reduce((a, b) => a + b, 0);
        while (left > 0) {
          // Tables interleave, each drawn in proportion to the changes it still has to make this tick.
          let pick = rng.int(left);
          let t = 0;
          while (pick >= (remaining[t] as number)) pick -= remaining[t++] as number;
          const table = sim.tables[t] as (typeof sim.tables)[number];
          clock();
          const n = sim.randomChange(table, remaining[t], table.liveCount() < (run.caps[t] as number));
          remaining[t] = (remaining[t] as number) - n;
          left -= n;
        }
        if (tick % PRUNE_EVERY_TICKS === 0) sim.pruneLineCounters();
        for (const table of sim.tables) {
          if (table.pending.rowCount === 0) continue;
          // DMS names a file after its write time: the tick's end, each file at least 1 ms after the last.
          let fileTime = tickStart + tickMicros;
          if (fileTime <= this.#lastFileTime) fileTime = this.#lastFileTime + MILLI;
          this.#lastFileTime = fileTime;
          recorded.push({ run, file: sim.flush(table, cdcFileName(fileTime), fileTime) });
        }
      });
    }
    return recorded.map(({ run, file }) => {
      const w = toWorkloadFile(run.name, file, false);
      const id = `${run.name}:${file.table.name}`;
      if (file.addedCount > (this.#written.get(id) ?? 0)) this.#written.set(id, file.addedCount);
      this.#rowsWritten += w.rowCount;
      return {
        key: w.key,
        body: encodeDmsParquet(w.columns, o.parquet),
        rows: w.rowCount,
        source: run.name,
        table: w.table,
        kind: w.kind,
      };
    });
  }

  /** The oracle (as `Workload.oracle`) of everything written so far: the sources' live rows now. */
  oracle(): OracleTable[] {
    const states = this.#runs.map((run) => new Map(run.sim.tables.map((t) => [t.def.name, t.liveRows()])));
    return workloadOracle(this.#targetOptions(), this.#tables, states, this.#written);
  }

  #targetOptions(): TargetOptions {
    const o = this.#o;
    return { sources: o.sources, consolidated: o.consolidated, deletes: o.deletes, sequenceTables: o.sequenceTables };
  }

  /**
   * Changes per (source, table) slot for CDC tick `tick`: each slot its weighted share rounded down or
   * up, the ups going to the slots furthest behind their share so far. Every tick totals `rowsPerTick`
   * exactly, each slot is within ±1 of its share, and over time each gets its share.
   */
  #budgets(tick: number): number[] {
    const weights = this.#weights;
    const total = weights.reduce((a, b) => a + b, 0n);
    const rows = BigInt(this.#o.rowsPerTick);
    const out = weights.map((w) => Number((rows * w) / total));
    let extra = this.#o.rowsPerTick - out.reduce((a, b) => a + b, 0);
    // Behind by (ideal so far − given so far, with this tick's floor) in units of 1/total rows.
    const behind = weights.map(
      (w, k) => BigInt(tick) * rows * w - ((this.#given[k] as bigint) + BigInt(out[k] as number)) * total,
    );
    const order = [...weights.keys()]
      .filter((k) => (rows * (weights[k] as bigint)) % total !== 0n)
      .sort((a, b) => {
        const d = (behind[b] as bigint) - (behind[a] as bigint);
        return d > 0n ? 1 : d < 0n ? -1 : a - b;
      });
    for (const k of order) {
      if (extra === 0) break;
      out[k] = (out[k] as number) + 1;
      extra -= 1;
    }
    out.forEach((n, k) => {
      this.#given[k] = (this.#given[k] as bigint) + BigInt(n);
    });
    return out;
  }
}

function resolve(options: DemoWriterOptions): Resolved {
  const bad = (what: string): never => {
    throw new RangeError(`DemoDmsWriter: ${what}`);
  };
  const count = (name: string, value: number, min: number) => {
    if (!Number.isSafeInteger(value) || value < min) bad(`${name} must be an integer ≥ ${min}, got ${value}`);
  };
  const fullLoadRows = options.fullLoadRows ?? 200;
  const o = {
    sources: ['brand-a', 'brand-b'],
    tables: WORKLOAD_TABLES,
    fullLoadRows,
    liveRows: 2 * fullLoadRows,
    tickMillis: 1000,
    addColumnEveryTicks: 120,
    consolidated: true,
    deletes: 'soft',
    sequenceTables: ['shop.orders', 'shop.order_items'],
    parquet: {},
    ...options,
  } as const;
  count('seed', o.seed, Number.MIN_SAFE_INTEGER);
  count('rowsPerTick', o.rowsPerTick, 1);
  count('fullLoadRows', o.fullLoadRows, 0);
  count('liveRows', o.liveRows, 1);
  count('tickMillis', o.tickMillis, 1);
  count('addColumnEveryTicks', o.addColumnEveryTicks, 0);
  if (o.sources.length === 0) bad('sources must name at least one source');
  for (const s of o.sources) {
    if (!SOURCE_NAME.test(s)) bad(`source ${JSON.stringify(s)} must be lowercase letters, digits and "-"`);
  }
  if (new Set(o.sources).size !== o.sources.length) bad('sources must not repeat');
  if (o.tables.length === 0) bad('tables must name at least one table');
  for (const t of [...o.tables, ...o.sequenceTables]) {
    if (!WORKLOAD_TABLES.includes(t)) bad(`unknown table ${JSON.stringify(t)}; known: ${WORKLOAD_TABLES.join(', ')}`);
  }
  if (o.deletes !== 'soft' && o.deletes !== 'hard') bad(`deletes must be "soft" or "hard", got ${o.deletes}`);
  const startMillis = o.start === undefined ? Math.floor(Date.now() / 1000) * 1000 : Date.parse(o.start);
  if (Number.isNaN(startMillis)) bad(`start must be an ISO time, got ${o.start}`);
  return { ...o, start: BigInt(startMillis) * MILLI };
}
