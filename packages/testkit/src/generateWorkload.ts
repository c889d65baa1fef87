import type { LiveRow } from './LiveRow.js';
import type { OracleTable } from './OracleTable.js';
import { Prng } from './Prng.js';
import type { RecordedFile } from './RecordedFile.js';
import { shopTables } from './shopTables.js';
import { simulateSource } from './simulateSource.js';
import { toWorkloadFile } from './toWorkloadFile.js';
import type { Workload } from './Workload.js';
import { WORKLOAD_TABLES, type WorkloadOptions } from './WorkloadOptions.js';
import { workloadMapping } from './workloadMapping.js';
import { workloadOracle } from './workloadOracle.js';

const SOURCE_NAME = /^[a-z][a-z0-9-]{0,39}$/;

const DEFAULTS = {
  rows: 600,
  sources: ['brand-a', 'brand-b'],
  tables: WORKLOAD_TABLES,
  consolidated: true,
  deletes: 'soft',
  sequenceTables: ['shop.orders', 'shop.order_items'],
  fullLoadSequence: 'null',
  fullLoadFiles: 1,
  fullLoadShare: 0.4,
  minutes: 10,
  start: '2026-11-22T23:54:00Z',
  addColumn: true,
  datePartitioned: false,
  parquet: {},
} as const satisfies Omit<Required<WorkloadOptions>, 'seed'>;

/**
 * Generates a DMS workload in memory, deterministically from `options.seed`: each source (a MySQL
 * `shop` database) gets a full load and then minutes of CDC with inserts, updates and deletes over
 * columns of every tricky type, written as DMS writes them (FACTS.md §1), plus the mapping files and the
 * oracle (the source tables' final state per target table).
 *
 * @example
 * const w = generateWorkload({ seed: 7, rows: 2_000, deletes: 'hard' });
 * await writeWorkload(w, dir);
 * // … run the pipeline over `dir`, then for each t of w.oracle:
 * // expect(sortRows(await sink.readRows(t.warehouse, t.columns), t.warehouse.keyColumns)).toEqual(t.rows)
 */
export function generateWorkload(options: WorkloadOptions): Workload {
  const o = resolve(options);
  const tables = shopTables.filter((t) => o.tables.includes(t.name as never));
  const sequenceTables = new Set<string>(o.sequenceTables);
  const start = BigInt(Date.parse(o.start)) * 1000n;
  const rowsPerSource = o.rows / o.sources.length;
  const totalWeight = tables.reduce((s, t) => s + t.weight, 0);
  const fullLoadRows = new Map(
    tables.map((t) => [
      t.name,
      Math.max(3, o.fullLoadFiles, Math.round((rowsPerSource * o.fullLoadShare * t.weight) / totalWeight)),
    ]),
  );
  const fullLoadTotal = [...fullLoadRows.values()].reduce((s, n) => s + n, 0);
  const cdcRowsPerMinute = Math.ceil(Math.max(0, rowsPerSource - fullLoadTotal) / o.minutes);

  const master = new Prng(o.seed);
  const recorded: { source: string; sourceIndex: number; file: RecordedFile }[] = [];
  const finalStates: Map<string, LiveRow[]>[] = [];
  o.sources.forEach((source, sourceIndex) => {
    // Each source draws from its own stream, so brand-a's data does not depend on how many sources follow.
    const rng = new Prng(master.uint32());
    const { files, finalState } = simulateSource(rng, {
      tables,
      sequenceTables,
      fullLoadRows,
      fullLoadFiles: o.fullLoadFiles,
      fullLoadSequence: o.fullLoadSequence === 'empty' ? '' : null,
      cdcRowsPerMinute,
      minutes: o.minutes,
      start,
      ddlTable: o.addColumn && sourceIndex === 0 ? 'shop.orders' : undefined,
    });
    for (const file of files) recorded.push({ source, sourceIndex, file });
    finalStates.push(finalState);
  });

  // Write order: every full load first, then CDC files as their name times say DMS wrote them.
  const fullLoads = recorded.filter((r) => r.file.kind === 'full-load');
  const cdc = recorded
    .filter((r) => r.file.kind === 'cdc')
    .sort((a, b) =>
      a.file.fileTime !== b.file.fileTime
        ? a.file.fileTime < b.file.fileTime
          ? -1
          : 1
        : a.sourceIndex - b.sourceIndex || tables.indexOf(a.file.table) - tables.indexOf(b.file.table),
    );
  const files = [...fullLoads, ...cdc].map((r) => toWorkloadFile(r.source, r.file, o.datePartitioned));

  const addedCounts = new Map<string, number>();
  for (const r of recorded) {
    const id = `${r.source}:${r.file.table.name}`;
    if (r.file.addedCount > (addedCounts.get(id) ?? 0)) addedCounts.set(id, r.file.addedCount);
  }
  const mappings = o.sources.map((source) => workloadMapping(source, tables, o));
  // The oracle is built on first read: a million-row workload written only for a benchmark never pays for it.
  let oracle: OracleTable[] | undefined;
  return {
    options: o,
    mappings,
    files,
    get oracle() {
      oracle ??= workloadOracle(o, tables, finalStates, addedCounts);
      return oracle;
    },
  };
}

function resolve(options: WorkloadOptions): Required<WorkloadOptions> {
  const o = { ...DEFAULTS, ...options } as Required<WorkloadOptions>;
  const bad = (what: string): never => {
    throw new RangeError(`generateWorkload: ${what}`);
  };
  if (!Number.isSafeInteger(o.seed)) bad(`seed must be a safe integer, got ${o.seed}`);
  if (!Number.isSafeInteger(o.rows) || o.rows < 1) bad(`rows must be a positive integer, got ${o.rows}`);
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
  if (o.fullLoadSequence !== 'null' && o.fullLoadSequence !== 'empty') {
    bad(`fullLoadSequence must be "null" or "empty", got ${o.fullLoadSequence}`);
  }
  if (!Number.isSafeInteger(o.fullLoadFiles) || o.fullLoadFiles < 1) bad('fullLoadFiles must be a positive integer');
  if (!(o.fullLoadShare >= 0 && o.fullLoadShare <= 1)) bad('fullLoadShare must be between 0 and 1');
  if (!Number.isSafeInteger(o.minutes) || o.minutes < 1) bad('minutes must be a positive integer');
  const start = Date.parse(o.start);
  if (Number.isNaN(start) || start % 60_000 !== 0) bad(`start must be an ISO time on a whole minute, got ${o.start}`);
  return o;
}
