import type { ColumnSpec, ColumnType, ColumnValue } from '@ferry/core';
import { canonicalText } from '@ferry/core';
import type { DmsColumn } from './DmsColumn.js';
import type { MappingJson } from './MappingJson.js';
import type { MappingTableJson } from './MappingTableJson.js';
import { mysqlDmsType } from './mysqlDmsType.js';
import type { OracleTable } from './OracleTable.js';
import { Prng } from './Prng.js';
import { type SourceColumn, type SourceTable, shopTables } from './shopTables.js';
import { type LiveRow, type RecordedFile, simulateSource } from './simulateSource.js';
import { sortRows } from './sortRows.js';
import type { Workload } from './Workload.js';
import type { WorkloadFile } from './WorkloadFile.js';
import { WORKLOAD_TABLES, type WorkloadOptions } from './WorkloadOptions.js';

const TIMESTAMP_COLUMN = 'DMS_TIMESTAMP';
const SEQUENCE_COLUMN = 'AR_H_CHANGE_SEQ';
const TENANT_COLUMN = 'brand_id';
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

  const addedTables = new Set(recorded.filter((r) => r.file.withAdded).map((r) => `${r.source}:${r.file.table.name}`));
  const mappings = o.sources.map((source) => mappingFor(source, tables, o));
  // The oracle is built on first read: a million-row workload written only for a benchmark never pays for it.
  let oracle: OracleTable[] | undefined;
  return {
    options: o,
    mappings,
    files,
    get oracle() {
      oracle ??= oracleFor(o, tables, finalStates, addedTables, sequenceTables);
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

function ident(source: string): string {
  return source.replace(/-/g, '_');
}

function targetOf(source: string, table: SourceTable, o: Required<WorkloadOptions>) {
  return o.consolidated
    ? { schema: 'analytics', table: table.table, speed: table.table }
    : { schema: `raw_${ident(source)}`, table: table.table, speed: `${ident(source)}_${table.table}` };
}

function mappingFor(source: string, tables: readonly SourceTable[], o: Required<WorkloadOptions>): MappingJson {
  const entries: Record<string, MappingTableJson> = {};
  for (const t of tables) {
    const target = targetOf(source, t, o);
    const wallClock = [...t.columns, ...t.added]
      .filter((c) => c.dms.type.kind === 'timestamp' && !c.dms.type.utc)
      .map((c) => c.name);
    entries[t.name] = {
      primaryKey: [...t.primaryKey],
      warehouse: { schema: target.schema, table: target.table, deletes: o.deletes },
      speedLayer: { table: target.speed },
      ...(wallClock.length > 0 ? { columns: { wallClock } } : {}),
      ...(o.sequenceTables.includes(t.name as never) ? { sequenceColumn: SEQUENCE_COLUMN } : {}),
    };
  }
  return {
    source,
    prefix: `dms/${source}/`,
    ...(o.consolidated ? { tenant: { column: TENANT_COLUMN, value: source } } : {}),
    timestampColumn: TIMESTAMP_COLUMN,
    tables: entries,
  };
}

type FileColumn = DmsColumn & { readonly type: ColumnType };

function toWorkloadFile(source: string, file: RecordedFile, datePartitioned: boolean): WorkloadFile {
  const { table, rows } = file;
  const column = (name: string, dms: { element: DmsColumn['element']; type: ColumnType }, values: ColumnValue[]) =>
    ({ name, element: dms.element, type: dms.type, values }) satisfies FileColumn;
  const data = (c: SourceColumn, i: number) => column(c.name, c.dms, rows.columns[i] ?? []);
  const columns: FileColumn[] = [column(TIMESTAMP_COLUMN, mysqlDmsType.dmsTimestamp, rows.timestamps)];
  if (file.kind === 'cdc') columns.push(column('Op', mysqlDmsType.op, rows.ops));
  table.columns.forEach((c, i) => {
    columns.push(data(c, i));
  });
  if (file.hasSequence) columns.push(column(SEQUENCE_COLUMN, mysqlDmsType.header, rows.sequences));
  // Columns added by DDL come last (FACTS.md §1): after the header column the task's transformation adds.
  if (file.withAdded) {
    table.added.forEach((c, i) => {
      columns.push(data(c, table.columns.length + i));
    });
  }
  let folder = `dms/${source}/${table.schema}/${table.table}/`;
  if (datePartitioned && file.kind === 'cdc') {
    folder += `${new Date(Number(file.fileTime / 1000n)).toISOString().slice(0, 10).replace(/-/g, '/')}/`;
  }
  return {
    key: folder + file.fileName,
    source,
    table: table.name,
    kind: file.kind,
    rowCount: rows.rowCount,
    columns,
  };
}

function oracleFor(
  o: Required<WorkloadOptions>,
  tables: readonly SourceTable[],
  finalStates: readonly Map<string, LiveRow[]>[],
  addedTables: ReadonlySet<string>,
  sequenceTables: ReadonlySet<string>,
): OracleTable[] {
  const timestampType: ColumnType = mysqlDmsType.dmsTimestamp.type;
  const targets: OracleTable[] = [];
  const groups = o.consolidated ? [o.sources] : o.sources.map((s) => [s]);
  for (const group of groups) {
    for (const t of tables) {
      const first = group[0] as string;
      const target = targetOf(first, t, o);
      // A consolidated target gets the added columns as soon as one source's table has them.
      const withAdded = group.some((s) => addedTables.has(`${s}:${t.name}`));
      const withSequence = sequenceTables.has(t.name);
      const dataColumns = [...t.columns, ...(withAdded ? t.added : [])];
      const columns: ColumnSpec[] = [
        ...(o.consolidated ? [{ name: TENANT_COLUMN, type: { kind: 'string' } as const }] : []),
        { name: TIMESTAMP_COLUMN, type: timestampType },
        ...t.columns.map((c) => ({ name: c.name, type: c.dms.type })),
        ...(withSequence ? [{ name: SEQUENCE_COLUMN, type: mysqlDmsType.header.type }] : []),
        ...(withAdded ? t.added.map((c) => ({ name: c.name, type: c.dms.type })) : []),
      ];
      const keyColumns = [...(o.consolidated ? [TENANT_COLUMN] : []), ...t.primaryKey];
      const rows: Record<string, string | null>[] = [];
      for (const source of group) {
        const state = finalStates[o.sources.indexOf(source)]?.get(t.name) ?? [];
        for (const live of state) {
          const row: Record<string, string | null> = {};
          if (o.consolidated) row[TENANT_COLUMN] = source;
          // canonicalText of a UTC timestamp(6) is its DMS text plus `Z`; the text is already at hand.
          row[TIMESTAMP_COLUMN] = `${live.dmsTimestamp}Z`;
          dataColumns.forEach((c, i) => {
            row[c.name] = canonicalText(c.dms.type, live.values[i] ?? null);
          });
          if (withSequence) row[SEQUENCE_COLUMN] = live.sequence;
          rows.push(row);
        }
      }
      const id = `${first}:${t.name}`;
      targets.push({
        warehouse: { id, namespace: target.schema, name: target.table, deletes: o.deletes, keyColumns },
        speedLayer: { id, namespace: undefined, name: target.speed, deletes: 'hard', keyColumns },
        sources: group.map((s) => `${s}:${t.name}`),
        columns,
        rows: sortRows(rows, keyColumns),
      } satisfies OracleTable);
    }
  }
  return targets;
}
