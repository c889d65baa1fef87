import type { ColumnSpec, ColumnValue, SinkTable } from '@ferry/core';
import { canonicalText, DmsFileError, SchemaChangeError, SinkUnavailableError } from '@ferry/core';
import { parseMappings } from '@ferry/mappings';
import {
  type BigQueryStandIn,
  generateWorkload,
  sortRows,
  startBigQueryStandIn,
  translateBigQuerySql,
} from '@ferry/testkit';
import { BigQuery } from '@google-cloud/bigquery';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigQueryWarehouse } from '../src/bigquery/BigQueryWarehouse.js';
import { bigQueryLoadJobId } from '../src/bigquery/bigQueryLoadJobId.js';
import { fileOf, tableOf } from './support/changes.js';
import { workloadFileChanges } from './support/workloadFileChanges.js';

// Through the real @google-cloud/bigquery client against the testkit stand-in (DuckDB underneath).

let standIn: BigQueryStandIn;
let client: BigQuery;
/** While set, the stand-in refuses to drop staging tables (a process that died before cleaning up). */
let keepStaging = false;

/** The stand-in's default translation, with the staging-drop fault above. */
function translate(sql: string): string {
  if (keepStaging && /^DROP TABLE IF EXISTS .*_ferry_stage_/.test(sql)) throw new Error('drop refused (test)');
  return translateBigQuerySql(sql);
}

beforeAll(async () => {
  standIn = await startBigQueryStandIn({ translate });
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: standIn.accessToken, expiry_date: Date.now() + 3_600_000 });
  client = new BigQuery({ projectId: standIn.projectId, apiEndpoint: standIn.apiEndpoint, authClient: auth });
});

afterAll(async () => {
  await standIn.stop();
});

let datasets = 0;
/** A fresh dataset and a warehouse on it. */
async function fresh(options: { maxAttempts?: number } = {}) {
  const namespace = `ds${++datasets}`;
  await client.dataset(namespace).create();
  const warehouse = await BigQueryWarehouse.open({
    projectId: standIn.projectId,
    client,
    retryDelayMs: 1,
    pollMs: 2,
    ...options,
  });
  const table = (name: string, deletes: 'soft' | 'hard'): SinkTable => ({ ...tableOf(name, deletes), namespace });
  return { warehouse, table, namespace };
}

const loads = (prefix: string) => standIn.jobs.filter((j) => j.type === 'LOAD' && j.jobId.startsWith(prefix));

const COLUMNS: ColumnSpec[] = [
  { name: 'id', type: { kind: 'int', bits: 64, signed: false } },
  { name: 'money', type: { kind: 'decimal', precision: 38, scale: 4 } },
  { name: 'raw', type: { kind: 'bytes' } },
  { name: 'wall', type: { kind: 'timestamp', precision: 6, utc: false } },
  { name: 'instant', type: { kind: 'timestamp', precision: 6, utc: true } },
  { name: 'name', type: { kind: 'string' } },
  { name: 'day', type: { kind: 'date' } },
  { name: 'flag', type: { kind: 'boolean' } },
  { name: 'n', type: { kind: 'int', bits: 32, signed: true } },
];
const BIG = 18446744073709551615n;
const ROWS: Record<string, ColumnValue>[] = [
  {
    id: BIG,
    money: '-9999999999999999999999999999999999.9999',
    raw: new Uint8Array([0, 1, 0, 255]),
    wall: -2_208_988_800_000_001n,
    instant: 1_700_000_000_123_456n,
    name: '한국어 텍스트 🚀',
    day: -719162,
    flag: true,
    n: -2147483648,
  },
  {
    id: 9223372036854775808n,
    money: '120.5000',
    raw: new Uint8Array([]),
    wall: 253_402_300_799_999_999n,
    instant: -1n,
    name: '',
    day: 2932896,
    flag: false,
    n: 7,
  },
  { id: 1n, money: null, raw: null, wall: null, instant: null, name: null, day: null, flag: null, n: null },
];

function expected(rows: readonly Record<string, ColumnValue>[], columns = COLUMNS) {
  return sortRows(
    rows.map((r) => Object.fromEntries(columns.map((c) => [c.name, canonicalText(c.type, r[c.name] ?? null)]))),
    ['id'],
  );
}

describe('BigQueryWarehouse', () => {
  it('answers commitStatus from the ledger: last file, its commit time, counts per hour and day', async () => {
    const { warehouse, table } = await fresh();
    const t = table('status', 'soft');
    const before = Date.now() - 1000;
    expect(await warehouse.commitStatus([{ table: t, entryIds: [t.id] }], new Date())).toEqual([
      { tableId: t.id, filesLastHour: 0, filesLastDay: 0, rowsLastHour: 0n, rowsLastDay: 0n },
    ]);
    await warehouse.applyFiles(t, [fileOf('s1', COLUMNS, [{ op: 'I' as const, at: 1, row: ROWS[0]! }])]);
    await warehouse.applyFiles(t, [
      fileOf('s2', COLUMNS, [
        { op: 'I' as const, at: 2, row: ROWS[1]! },
        { op: 'U' as const, at: 3, row: ROWS[1]! },
      ]),
    ]);
    const [status] = await warehouse.commitStatus([{ table: t, entryIds: [t.id] }], new Date());
    expect(status).toMatchObject({
      tableId: t.id,
      lastFile: 's2',
      filesLastHour: 2,
      rowsLastHour: 3n,
      rowsLastDay: 3n,
    });
    expect(status!.lastCommittedAt!.getTime()).toBeGreaterThan(before);
    // Two hours on, the commits are still within the day but not the hour.
    const later = await warehouse.commitStatus([{ table: t, entryIds: [t.id] }], new Date(Date.now() + 7_200_000));
    expect(later[0]).toMatchObject({ filesLastHour: 0, filesLastDay: 2, rowsLastHour: 0n, rowsLastDay: 3n });
  });

  it('answers mergedSince from the ledger, for the minimum merge interval', async () => {
    const { warehouse, table } = await fresh();
    const t = table('paced', 'soft');
    const minuteAgo = new Date(Date.now() - 60_000);
    expect(await warehouse.mergedSince(t, [t.id], minuteAgo)).toBe(false);
    await warehouse.applyFiles(t, [fileOf('p1', COLUMNS, [{ op: 'I' as const, at: 1, row: ROWS[0]! }])]);
    expect(await warehouse.mergedSince(t, [t.id], minuteAgo)).toBe(true);
    expect(await warehouse.mergedSince(t, ['other:shop.paced'], minuteAgo)).toBe(false);
    expect(await warehouse.mergedSince(t, [t.id], new Date(Date.now() + 60_000))).toBe(false);
  });

  it('lands every value exactly in one load job, and a second call changes nothing', async () => {
    const { warehouse, table } = await fresh();
    const t = table('values', 'soft');
    const files = [
      fileOf(
        'f1',
        COLUMNS,
        [ROWS[0]!, ROWS[2]!].map((row, i) => ({ op: 'I' as const, at: i + 1, row })),
      ),
      fileOf('f2', COLUMNS, [{ op: 'I' as const, at: 3, row: ROWS[1]! }]),
    ];
    const first = await warehouse.applyFiles(t, files);
    expect(first).toMatchObject({ filesCommitted: ['f1', 'f2'], rows: 3, inserted: 3, updated: 0, stale: 0 });
    expect(loads('ferry_values_')).toHaveLength(1);
    expect(sortRows(await warehouse.readRows(t, COLUMNS), ['id'])).toEqual(expected(ROWS));

    const counted = await warehouse.query(`SELECT COUNT(*) AS n, MAX(name) AS top FROM \`${t.namespace}.values\``);
    expect(counted).toEqual({ columns: ['n', 'top'], rows: [[3, '한국어 텍스트 🚀']] });

    const again = await warehouse.applyFiles(t, files);
    expect(again).toMatchObject({ filesCommitted: [], filesAlreadyApplied: ['f1', 'f2'], rows: 0 });
    expect(loads('ferry_values_')).toHaveLength(1);
    expect(sortRows(await warehouse.readRows(t, COLUMNS), ['id'])).toEqual(expected(ROWS));
  });

  it('applies soft and hard deletes with the version guard', async () => {
    const cols = COLUMNS.slice(0, 1).concat([{ name: 'name', type: { kind: 'string' } }]);
    for (const deletes of ['soft', 'hard'] as const) {
      const { warehouse, table } = await fresh();
      const t = table(`del_${deletes}`, deletes);
      await warehouse.applyFiles(t, [
        fileOf('a', cols, [
          { op: 'I', at: 1, row: { id: 1n, name: 'one' } },
          { op: 'I', at: 2, row: { id: 2n, name: 'two' } },
        ]),
      ]);
      const result = await warehouse.applyFiles(t, [
        fileOf('b', cols, [
          { op: 'D', at: 3, row: { id: 1n, name: 'one' } },
          { op: 'U', at: 4, row: { id: 2n, name: 'deux' } },
          { op: 'D', at: 5, row: { id: 9n, name: null } },
        ]),
      ]);
      expect(result).toMatchObject({ deleted: 2, updated: 1 });
      // An older insert of a deleted key stays deleted.
      await warehouse.applyFiles(t, [fileOf('c', cols, [{ op: 'I', at: 1, row: { id: 9n, name: 'late' } }])]);
      expect(await warehouse.readRows(t, cols)).toEqual([{ id: '2', name: 'deux' }]);
    }
  });

  it('adds a column mid-stream and refuses an incompatible change', async () => {
    const { warehouse, table } = await fresh();
    const t = table('evolve', 'soft');
    const base: ColumnSpec[] = [COLUMNS[0]!, { name: 'name', type: { kind: 'string' } }];
    const wider: ColumnSpec[] = [...base, { name: 'note', type: { kind: 'string' } }];
    // Nothing loaded yet into the dataset: no rows rather than an error.
    expect(await warehouse.readRows(t, base)).toEqual([]);
    await warehouse.applyFiles(t, [fileOf('e1', base, [{ op: 'I', at: 1, row: { id: 1n, name: 'a' } }])]);
    await warehouse.applyFiles(t, [fileOf('e2', wider, [{ op: 'I', at: 2, row: { id: 2n, name: 'b', note: 'n' } }])]);
    expect(sortRows(await warehouse.readRows(t, wider), ['id'])).toEqual([
      { id: '1', name: 'a', note: null },
      { id: '2', name: 'b', note: 'n' },
    ]);
    const incompatible: ColumnSpec[] = [COLUMNS[0]!, { name: 'name', type: { kind: 'int', bits: 32, signed: true } }];
    await expect(
      warehouse.applyFiles(t, [fileOf('e3', incompatible, [{ op: 'I', at: 3, row: { id: 3n, name: 5 } }])]),
    ).rejects.toBeInstanceOf(SchemaChangeError);
  });

  it('commits nothing when the transaction fails after staging, and the retry lands it', async () => {
    const { warehouse, table } = await fresh({ maxAttempts: 1 });
    const t = table('atomic', 'hard');
    const cols = COLUMNS.slice(0, 2);
    const file = fileOf('x1', cols, [{ op: 'I', at: 1, row: { id: 5n, money: '1.5000' } }]);
    standIn.faults.failNextDml(1);
    await expect(warehouse.applyFiles(t, [file])).rejects.toBeInstanceOf(SinkUnavailableError);
    expect(await warehouse.readRows(t, cols)).toEqual([]);
    // The staging table was kept for the retry; drop it, as if the process had died and someone cleaned up.
    const staging = await standIn.db.runAndReadAll(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = '${t.namespace}' AND table_name LIKE '_ferry_stage_atomic_%'`,
    );
    expect(staging.getRows()).toHaveLength(1);
    await standIn.db.run(`DROP TABLE "${t.namespace}"."${String(staging.getRows()[0]![0])}"`);
    expect(await warehouse.applyFiles(t, [file])).toMatchObject({ filesCommitted: ['x1'], inserted: 1 });
    expect(await warehouse.readRows(t, cols)).toEqual([{ id: '5', money: '1.5000' }]);
    // The first load job succeeded but its output is gone: the retry loaded again under a new suffix.
    const jobId = bigQueryLoadJobId('atomic', ['x1']);
    expect(loads(jobId).map((j) => j.jobId)).toEqual([jobId, `${jobId}_a1`]);
  });

  it('retries concurrent-update errors with backoff', async () => {
    const { warehouse, table } = await fresh({ maxAttempts: 4 });
    const t = table('busy', 'soft');
    const cols = COLUMNS.slice(0, 1);
    standIn.faults.failNextDml(2);
    const result = await warehouse.applyFiles(t, [fileOf('k1', cols, [{ op: 'I', at: 1, row: { id: 1n } }])]);
    expect(result).toMatchObject({ filesCommitted: ['k1'], inserted: 1 });
    expect(await warehouse.readRows(t, cols)).toEqual([{ id: '1' }]);
    // Each retry found the first load job done with its staging table intact: one load in all.
    expect(loads(bigQueryLoadJobId('busy', ['k1']))).toHaveLength(1);
    expect(
      standIn.jobs.filter((j) => /^BEGIN TRANSACTION/.test(j.query ?? '') && j.query?.includes('`busy`')),
    ).toHaveLength(3);
  });

  it('uses a duplicate job ID whose job succeeded, also while it still runs', async () => {
    const { warehouse, table } = await fresh({ maxAttempts: 1 });
    const t = table('dup', 'soft');
    const cols = COLUMNS.slice(0, 1);
    const file = fileOf('d1', cols, [{ op: 'I', at: 1, row: { id: 1n } }]);
    const jobId = bigQueryLoadJobId('dup', ['d1']);
    // The first run staged, then died before the MERGE and its cleanup: the staging table is still there.
    keepStaging = true;
    standIn.faults.failNextDml(1);
    await expect(warehouse.applyFiles(t, [file])).rejects.toBeInstanceOf(SinkUnavailableError);
    keepStaging = false;
    standIn.faults.holdRunning(jobId, 3);
    expect(await warehouse.applyFiles(t, [file])).toMatchObject({ filesCommitted: ['d1'], inserted: 1 });
    expect(loads(jobId).map((j) => j.jobId)).toEqual([jobId]);
    expect(await warehouse.readRows(t, cols)).toEqual([{ id: '1' }]);
  });

  it('stages a file larger than one staging row group (written out as it streams) with every row', async () => {
    const { warehouse, table } = await fresh();
    const t = table('big', 'soft');
    const cols = COLUMNS.slice(0, 2);
    const rows = 120_000; // staging writes a row group every 50,000 rows
    const changes = Array.from({ length: rows }, (_, i) => ({
      op: 'I' as const,
      at: i + 1,
      row: { id: BigInt(i), money: `${i}.0001` },
    }));
    const result = await warehouse.applyFiles(t, [fileOf('b1', cols, changes, { chunkRows: 10_024 })]);
    expect(result).toMatchObject({ filesCommitted: ['b1'], inserted: rows });
    const counted = await standIn.db.runAndReadAll(
      `SELECT count(*), sum(CAST(id AS HUGEINT)), max(money) FROM "${t.namespace}"."big"`,
    );
    expect(counted.getRows()[0]!.map(String)).toEqual([String(rows), String(((rows - 1) * rows) / 2), '119999.0001']);
  });

  it('takes a 409 on its own insert (the first answer lost) as the job it created, and loads once', async () => {
    const { warehouse, table } = await fresh({ maxAttempts: 1 });
    const t = table('lost', 'soft');
    const cols = COLUMNS.slice(0, 1);
    const jobId = bigQueryLoadJobId('lost', ['l1']);
    standIn.faults.conflictNextInsert(1);
    const taken = standIn.faults.taken;
    const result = await warehouse.applyFiles(t, [fileOf('l1', cols, [{ op: 'I', at: 1, row: { id: 7n } }])]);
    expect(standIn.faults.taken).toBe(taken + 1);
    expect(result).toMatchObject({ filesCommitted: ['l1'], inserted: 1 });
    expect(loads(jobId).map((j) => j.jobId)).toEqual([jobId]);
    expect(await warehouse.readRows(t, cols)).toEqual([{ id: '7' }]);
  });

  it('loads under a new attempt suffix when the job with the ID failed', async () => {
    const { warehouse, table } = await fresh({ maxAttempts: 2 });
    const t = table('failed', 'soft');
    const cols = COLUMNS.slice(0, 1);
    const jobId = bigQueryLoadJobId('failed', ['g1']);
    standIn.faults.failJob(jobId, { reason: 'backendError', message: 'Job failed (test).' });
    const result = await warehouse.applyFiles(t, [fileOf('g1', cols, [{ op: 'I', at: 1, row: { id: 1n } }])]);
    expect(result).toMatchObject({ filesCommitted: ['g1'], inserted: 1 });
    expect(loads(jobId).map((j) => j.jobId)).toEqual([jobId, `${jobId}_a1`]);
  });

  it('holds a columns.json column as JSON, loads it as text, reads it back as JSON text, and fails bad JSON naming file, row and column', async () => {
    const { warehouse, table } = await fresh();
    const t: SinkTable = { ...table('docs', 'soft'), jsonColumns: ['doc'] };
    const cols: ColumnSpec[] = [COLUMNS[0]!, { name: 'doc', type: { kind: 'string' } }];
    const doc = '{"b": [1, "둘"],  "a": null, "n": -9223372036854775808}';
    const before = standIn.jobs.length;
    await warehouse.applyFiles(t, [
      fileOf('j1', cols, [
        { op: 'I', at: 1, row: { id: 1n, doc } },
        { op: 'I', at: 2, row: { id: 2n, doc: null } },
      ]),
    ]);
    const queries = standIn.jobs.slice(before).map((j) => j.query ?? '');
    expect(queries.some((q) => q.includes('`doc` JSON'))).toBe(true);
    expect(queries.some((q) => q.includes('SELECT * REPLACE (PARSE_JSON(`doc`) AS `doc`)'))).toBe(true);
    const target = await standIn.db.runAndReadAll(
      `SELECT data_type FROM information_schema.columns WHERE table_schema = '${t.namespace}' AND table_name = 'docs' AND column_name = 'doc'`,
    );
    expect(target.getRows()).toEqual([['JSON']]);
    const rows = sortRows(await warehouse.readRows(t, cols), ['id']);
    expect(rows.map((r) => [r.id, r.doc == null ? null : JSON.parse(r.doc)])).toEqual([
      ['1', JSON.parse(doc)],
      ['2', null],
    ]);
    expect(rows[0]!.doc).toContain('-9223372036854775808');

    // 2^64 fits no 64-bit integer and no double exactly: BigQuery's PARSE_JSON would refuse the whole batch.
    const error = await warehouse
      .applyFiles(t, [
        fileOf('j2', cols, [
          { op: 'U', at: 3, row: { id: 1n, doc: '{"a": 1}' } },
          { op: 'U', at: 4, row: { id: 2n, doc: '{"a": 18446744073709551617}' } },
        ]),
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DmsFileError);
    expect(error).toMatchObject({ fileKey: 'j2', row: 1 });
    expect((error as Error).message).toMatch(/^j2 row 1: column "doc" holds the number 18446744073709551617, /);
    expect(sortRows(await warehouse.readRows(t, cols), ['id'])).toEqual(rows);
    const ledger = await warehouse.query(`SELECT file_key FROM \`${t.namespace}._ferry_ledger_docs\``);
    expect(ledger.rows).toEqual([['j1']]);
  });

  it('matches the workload oracle', async () => {
    const workload = generateWorkload({
      seed: 4,
      rows: 300,
      sources: ['brand-a'],
      tables: ['shop.orders'],
      consolidated: false,
      minutes: 4,
    });
    const mappings = parseMappings(workload.mappings.map((json) => ({ file: `${json.source}.json`, json })));
    const oracle = workload.oracle[0]!;
    const { warehouse } = await fresh();
    await client.dataset(oracle.warehouse.namespace!).create();
    for (const f of workload.files) {
      const file = await workloadFileChanges(f, mappings);
      await warehouse.applyFiles(oracle.warehouse, [file]);
    }
    expect(oracle.rows.length).toBeGreaterThan(20);
    const rows = await warehouse.readRows(oracle.warehouse, oracle.columns);
    expect(sortRows(rows, oracle.warehouse.keyColumns)).toEqual(oracle.rows);
  });

  it('merges a two-entry batch of one consolidated table in ONE MERGE job, recorded in the table’s own ledger', async () => {
    const { warehouse, namespace } = await fresh();
    const [A, B] = ['brand-a:shop.orders', 'brand-b:shop.orders'];
    const t: SinkTable = { id: A, namespace, name: 'shared', deletes: 'soft', keyColumns: ['brand_id', 'id'] };
    const cols: ColumnSpec[] = [{ name: 'brand_id', type: { kind: 'string' } }, COLUMNS[0]!, COLUMNS[5]!];
    const entryFile = (tableId: string, key: string, brand: string, ids: bigint[]) => ({
      ...fileOf(
        key,
        cols,
        ids.map((id, i) => ({ op: 'I' as const, at: i + 1, row: { brand_id: brand, id, name: `${brand}${id}` } })),
        { keyColumns: ['brand_id', 'id'] },
      ),
      tableId,
    });
    const call = async (files: ReturnType<typeof entryFile>[]) => {
      const before = standIn.jobs.length;
      const result = await warehouse.applyFiles(t, files);
      const jobs = standIn.jobs.slice(before);
      // Jobs that modify a table (FACTS §4 counts load, copy and DML jobs per table per day).
      const modifying = (table: string) =>
        jobs.filter((j) =>
          new RegExp(`(MERGE INTO|INSERT INTO|UPDATE|DELETE FROM) \`${namespace}\`\\.\`${table}\``).test(j.query ?? ''),
        );
      return { result, jobs, modifying };
    };

    const first = await call([
      entryFile(A, 'dms/a/shop/orders/1.parquet', 'a', [1n, 2n]),
      entryFile(B, 'dms/b/shop/orders/1.parquet', 'b', [1n]),
      entryFile(B, 'dms/b/shop/orders/2.parquet', 'b', [3n]),
    ]);
    expect(first.result).toMatchObject({
      rows: 4,
      inserted: 4,
      byTable: { [A]: { rows: 2, inserted: 2 }, [B]: { rows: 2, inserted: 2 } },
    });
    expect(first.jobs.filter((j) => j.type === 'LOAD')).toHaveLength(1);
    expect(first.modifying('shared')).toHaveLength(1);
    expect(first.modifying('_ferry_ledger_shared')).toEqual(first.modifying('shared'));
    expect(first.modifying('_ferry_ledger')).toEqual([]);

    // Entry A's file again beside a new file of entry B: skipped by its own entry's ledger row; still one MERGE.
    const second = await call([
      entryFile(A, 'dms/a/shop/orders/1.parquet', 'a', [1n, 2n]),
      entryFile(B, 'dms/b/shop/orders/3.parquet', 'b', [4n]),
    ]);
    expect(second.result).toMatchObject({
      filesCommitted: ['dms/b/shop/orders/3.parquet'],
      filesAlreadyApplied: ['dms/a/shop/orders/1.parquet'],
      inserted: 1,
    });
    expect(second.modifying('shared')).toHaveLength(1);

    const ledger = await warehouse.query(
      `SELECT table_id, file_key FROM \`${namespace}._ferry_ledger_shared\` ORDER BY file_key`,
    );
    expect(ledger.rows).toEqual([
      [A, 'dms/a/shop/orders/1.parquet'],
      [B, 'dms/b/shop/orders/1.parquet'],
      [B, 'dms/b/shop/orders/2.parquet'],
      [B, 'dms/b/shop/orders/3.parquet'],
    ]);
    const shared = await standIn.db.runAndReadAll(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = '${namespace}' AND table_name LIKE '_ferry_ledger%'`,
    );
    expect(shared.getRows()).toEqual([['_ferry_ledger_shared']]);
    expect(sortRows(await warehouse.readRows(t, cols), ['brand_id', 'id']).map((r) => r.name)).toEqual([
      'a1',
      'a2',
      'b1',
      'b3',
      'b4',
    ]);
  });
});
