import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColumnSpec, ColumnValue, SinkTable } from '@ferry/core';
import { canonicalText, DmsFileError, FerryError, SchemaChangeError, SinkUnavailableError } from '@ferry/core';
import { parseMappings } from '@ferry/mappings';
import { generateWorkload, type SnowflakeStandIn, sortRows, startSnowflakeStandIn } from '@ferry/testkit';
import snowflake from 'snowflake-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnowflakeWarehouse } from '../src/snowflake/SnowflakeWarehouse.js';
import { fileOf, tableOf } from './support/changes.js';
import { workloadFileChanges } from './support/workloadFileChanges.js';

// Through the real snowflake-sdk (key-pair JWT login, binds, array binds) against the testkit stand-in, which
// executes every statement on DuckDB.

snowflake.configure({ logLevel: 'OFF', disableOCSPChecks: true });

const { publicKey, privateKey } = (() => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
})();

let standIn: SnowflakeStandIn;
const open: SnowflakeWarehouse[] = [];

beforeAll(async () => {
  standIn = await startSnowflakeStandIn({ publicKey });
});

afterAll(async () => {
  for (const w of open) await w.close();
  await standIn.stop();
});

let namespaces = 0;
/** A warehouse logged in through key-pair auth, and tables in a fresh schema of it. */
async function fresh(options: { bindsPerInsert?: number; staging?: 'binds' | 'copy'; stagingDirectory?: string } = {}) {
  const namespace = `sf${++namespaces}`;
  const warehouse = await SnowflakeWarehouse.open({
    account: standIn.account,
    accessUrl: standIn.accessUrl,
    username: standIn.username,
    privateKey,
    warehouse: 'FERRY_WH',
    role: 'FERRY_LOADER',
    database: standIn.database,
    schema: standIn.schema,
    ...options,
  });
  open.push(warehouse);
  const table = (name: string, deletes: 'soft' | 'hard'): SinkTable => ({ ...tableOf(name, deletes), namespace });
  return { warehouse, table, namespace };
}

const COLUMNS: ColumnSpec[] = [
  { name: 'id', type: { kind: 'int', bits: 64, signed: false } },
  { name: 'money', type: { kind: 'decimal', precision: 38, scale: 4 } },
  { name: 'raw', type: { kind: 'bytes' } },
  { name: 'wall', type: { kind: 'timestamp', precision: 6, utc: false } },
  { name: 'instant', type: { kind: 'timestamp', precision: 6, utc: true } },
  { name: 'name', type: { kind: 'string' } },
  { name: 'day', type: { kind: 'date' } },
  { name: 'clock', type: { kind: 'time', precision: 6 } },
  { name: 'flag', type: { kind: 'boolean' } },
  { name: 'n', type: { kind: 'int', bits: 32, signed: true } },
  { name: 'ratio', type: { kind: 'float', bits: 64 } },
];
const ROWS: Record<string, ColumnValue>[] = [
  {
    id: 18446744073709551615n,
    money: '-9999999999999999999999999999999999.9999',
    raw: new Uint8Array([0, 1, 0, 255]),
    wall: -2_208_988_800_000_001n,
    instant: 1_700_000_000_123_456n,
    name: '한국어 텍스트 🚀',
    day: -719162,
    clock: 86_399_999_999n,
    flag: true,
    n: -2147483648,
    ratio: 0.1,
  },
  {
    id: 9223372036854775808n,
    money: '120.5000',
    raw: new Uint8Array([]),
    wall: 253_402_300_799_999_999n,
    instant: -1n,
    name: 'it\'s "quoted"',
    day: 2932896,
    clock: 0n,
    flag: false,
    n: 7,
    ratio: -1.5e300,
  },
  {
    id: 1n,
    money: null,
    raw: null,
    wall: null,
    instant: null,
    name: null,
    day: null,
    clock: null,
    flag: null,
    n: null,
    ratio: null,
  },
];

function expected(rows: readonly Record<string, ColumnValue>[], columns = COLUMNS) {
  return sortRows(
    rows.map((r) => Object.fromEntries(columns.map((c) => [c.name, canonicalText(c.type, r[c.name] ?? null)]))),
    ['id'],
  );
}

const statements = (pattern: RegExp) => standIn.statements.filter((s) => pattern.test(s));

describe.each(['binds', 'copy'] as const)('SnowflakeWarehouse, staging: %s', (staging) => {
  it('answers commitStatus from the ledger: last file, its commit time, counts per hour and day', async () => {
    const { warehouse, table } = await fresh({ staging });
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
    const { warehouse, table } = await fresh({ staging });
    const t = table('paced', 'soft');
    const minuteAgo = new Date(Date.now() - 60_000);
    expect(await warehouse.mergedSince(t, [t.id], minuteAgo)).toBe(false);
    await warehouse.applyFiles(t, [fileOf('p1', COLUMNS, [{ op: 'I' as const, at: 1, row: ROWS[0]! }])]);
    expect(await warehouse.mergedSince(t, [t.id], minuteAgo)).toBe(true);
    expect(await warehouse.mergedSince(t, ['other:shop.paced'], minuteAgo)).toBe(false);
    expect(await warehouse.mergedSince(t, [t.id], new Date(Date.now() + 60_000))).toBe(false);
  });

  it('lands every value exactly, and a second call changes nothing (ledger)', async () => {
    const { warehouse, table } = await fresh({ staging });
    const t = table('vals', 'soft');
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
    expect(sortRows(await warehouse.readRows(t, COLUMNS), ['id'])).toEqual(expected(ROWS));
    const again = await warehouse.applyFiles(t, files);
    expect(again).toMatchObject({ filesCommitted: [], filesAlreadyApplied: ['f1', 'f2'], rows: 0 });
    expect(sortRows(await warehouse.readRows(t, COLUMNS), ['id'])).toEqual(expected(ROWS));
  });

  it('applies soft deletes: the live view drops the row, the table keeps it flagged', async () => {
    const { warehouse, table } = await fresh({ staging });
    const t = table('soft', 'soft');
    const cols = COLUMNS.slice(0, 6);
    await warehouse.applyFiles(t, [
      fileOf('s1', cols, [
        { op: 'I', at: 1, row: { id: 1n, name: 'a' } },
        { op: 'I', at: 2, row: { id: 2n, name: 'b' } },
      ]),
    ]);
    const result = await warehouse.applyFiles(t, [
      fileOf('s2', cols, [
        { op: 'D', at: 3, row: { id: 1n } },
        { op: 'U', at: 4, row: { id: 2n, name: 'b2' } },
        { op: 'U', at: 1, row: { id: 2n, name: 'stale' } },
      ]),
    ]);
    expect(result).toMatchObject({ deleted: 1, updated: 1, stale: 1 });
    expect(await warehouse.readRows(t, [cols[0]!, cols[5]!])).toEqual([{ id: '2', name: 'b2' }]);
    const all = await warehouse.query(`SELECT count(*) FROM "${t.namespace}"."soft"`);
    expect(all.rows).toEqual([['2']]);
  });

  it('applies hard deletes, and a late insert older than the delete stays deleted', async () => {
    const { warehouse, table } = await fresh({ staging });
    const t = table('hard', 'hard');
    const cols = COLUMNS.slice(0, 6);
    await warehouse.applyFiles(t, [fileOf('h1', cols, [{ op: 'I', at: 1, row: { id: 1n, name: 'a' } }])]);
    await warehouse.applyFiles(t, [fileOf('h2', cols, [{ op: 'D', at: 5, row: { id: 1n } }])]);
    expect(await warehouse.readRows(t, cols)).toEqual([]);
    expect((await warehouse.query(`SELECT count(*) FROM "${t.namespace}"."hard"`)).rows).toEqual([['0']]);
    const late = await warehouse.applyFiles(t, [fileOf('h3', cols, [{ op: 'U', at: 3, row: { id: 1n, name: 'x' } }])]);
    expect(late).toMatchObject({ stale: 1, inserted: 0 });
    expect(await warehouse.readRows(t, cols)).toEqual([]);
  });

  it('adds a column mid-stream, and refuses an incompatible change with SchemaChangeError', async () => {
    const { warehouse, table } = await fresh({ staging });
    const t = table('evolve', 'soft');
    const v1 = COLUMNS.slice(0, 2);
    const v2 = [...v1, { name: 'note', type: { kind: 'string' } } as ColumnSpec];
    await warehouse.applyFiles(t, [fileOf('e1', v1, [{ op: 'I', at: 1, row: { id: 1n, money: '1.0000' } }])]);
    await warehouse.applyFiles(t, [
      fileOf('e2', v2, [{ op: 'I', at: 2, row: { id: 2n, money: '2.0000', note: '새 열' } }]),
    ]);
    expect(sortRows(await warehouse.readRows(t, v2), ['id'])).toEqual([
      { id: '1', money: '1.0000', note: null },
      { id: '2', money: '2.0000', note: '새 열' },
    ]);
    const narrowed: ColumnSpec[] = [v1[0]!, { name: 'money', type: { kind: 'string' } }];
    await expect(
      warehouse.applyFiles(t, [fileOf('e3', narrowed, [{ op: 'I', at: 3, row: { id: 3n, money: 'x' } }])]),
    ).rejects.toBeInstanceOf(SchemaChangeError);
    expect(await warehouse.readRows(t, v2)).toHaveLength(2);
  });

  it('commits nothing when the transaction is aborted after staging, and the retry lands the files', async () => {
    const { warehouse, table } = await fresh({ staging });
    const t = table('abort', 'hard');
    const cols = COLUMNS.slice(0, 2);
    const files = [fileOf('a1', cols, [{ op: 'I', at: 1, row: { id: 1n, money: '5.0000' } }])];
    await warehouse.applyFiles(t, [fileOf('a0', cols, [{ op: 'I', at: 0, row: { id: 0n, money: '0.0000' } }])]);
    standIn.faults.failNext({
      match: /^INSERT INTO "[^"]+"\."_ferry_ledger"/,
      code: '000625',
      sqlState: '40001',
      message: 'Transaction was aborted (test)',
      abortsTransaction: true,
    });
    const error = await warehouse.applyFiles(t, files).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkUnavailableError);
    expect((error as FerryError).retryable).toBe(true);
    expect(await warehouse.readRows(t, cols)).toEqual([{ id: '0', money: '0.0000' }]);
    const retry = await warehouse.applyFiles(t, files);
    expect(retry).toMatchObject({ filesCommitted: ['a1'], inserted: 1 });
    expect(sortRows(await warehouse.readRows(t, cols), ['id'])).toEqual([
      { id: '0', money: '0.0000' },
      { id: '1', money: '5.0000' },
    ]);
  });

  it('makes a canceled MERGE retryable, with nothing committed', async () => {
    const { warehouse, table } = await fresh({ staging });
    const t = table('cancel', 'soft');
    const cols = COLUMNS.slice(0, 2);
    const files = [fileOf('c1', cols, [{ op: 'I', at: 1, row: { id: 1n, money: '1.0000' } }])];
    // The stand-in's default fault: 000604 "SQL execution canceled", SQLSTATE 57014.
    standIn.faults.failNext({ match: /^MERGE INTO/, abortsTransaction: true });
    await expect(warehouse.applyFiles(t, files)).rejects.toBeInstanceOf(SinkUnavailableError);
    expect(await warehouse.readRows(t, cols)).toEqual([]);
    expect(await warehouse.applyFiles(t, files)).toMatchObject({ filesCommitted: ['c1'], inserted: 1 });
  });

  it('refuses a NULL key with DmsFileError naming the file, before anything is committed', async () => {
    const { warehouse, table } = await fresh({ staging });
    const t = table('nullkey', 'soft');
    const cols = COLUMNS.slice(0, 2);
    const error = await warehouse
      .applyFiles(t, [fileOf('bad', cols, [{ op: 'I', at: 1, row: { id: null, money: '1.0000' } }])])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DmsFileError);
    expect((error as Error).message).toContain('bad');
    expect(await warehouse.readRows(t, cols)).toEqual([]);
  });

  it('holds a columns.json column as VARIANT, reads it back as JSON text, and fails bad JSON naming file, row and column', async () => {
    const { warehouse, table } = await fresh({ staging });
    const t: SinkTable = { ...table('docs', 'soft'), jsonColumns: ['doc'] };
    const cols: ColumnSpec[] = [COLUMNS[0]!, { name: 'doc', type: { kind: 'string' } }];
    // Commas, quotes and a newline inside the JSON: the CSV and the binds carry the text as it is.
    const doc = '{"b": [1, "둘, \\"x\\"\\n"],  "a": null}';
    const before = standIn.statements.length;
    await warehouse.applyFiles(t, [
      fileOf('j1', cols, [
        { op: 'I', at: 1, row: { id: 1n, doc } },
        { op: 'I', at: 2, row: { id: 2n, doc: null } },
        { op: 'I', at: 3, row: { id: 3n, doc: '18446744073709551615' } },
      ]),
    ]);
    const sent = standIn.statements.slice(before);
    expect(
      sent.filter((q) =>
        /^CREATE TABLE IF NOT EXISTS "sf\d+"\."docs" \("id" NUMBER\(20,0\) NOT NULL, "doc" VARIANT,/.test(q),
      ),
    ).toHaveLength(1);
    expect(
      sent.filter((q) => q.includes('AS SELECT * REPLACE (PARSE_JSON("doc") AS "doc") FROM "_ferry_stage_docs"')),
    ).toHaveLength(1);
    const rows = sortRows(await warehouse.readRows(t, cols), ['id']);
    expect(rows.map((r) => r.id)).toEqual(['1', '2', '3']);
    expect(JSON.parse(rows[0]!.doc!)).toEqual(JSON.parse(doc));
    expect(rows[1]!.doc).toBeNull();
    // Read as text by the warehouse (TO_JSON), so a 64-bit integer keeps every digit.
    expect(rows[2]!.doc).toBe('18446744073709551615');

    const error = await warehouse
      .applyFiles(t, [
        fileOf('j2', cols, [
          { op: 'U', at: 4, row: { id: 1n, doc: '{"a": 1}' } },
          { op: 'U', at: 5, row: { id: 2n, doc: "{'a': 1}" } },
        ]),
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DmsFileError);
    expect(error).toMatchObject({ fileKey: 'j2', row: 1 });
    expect((error as Error).message).toMatch(/^j2 row 1: column "doc" is not valid JSON/);
    expect(sortRows(await warehouse.readRows(t, cols), ['id'])).toEqual(rows);
    const ledger = await warehouse.query(`SELECT file_key FROM "${t.namespace}"."_ferry_ledger"`);
    expect(ledger.rows).toEqual([['j1']]);
  });

  it('matches the workload oracle', async () => {
    const workload = generateWorkload({
      seed: 5,
      rows: 300,
      sources: ['brand-a'],
      tables: ['shop.orders'],
      consolidated: false,
      minutes: 4,
    });
    const mappings = parseMappings(workload.mappings.map((json) => ({ file: `${json.source}.json`, json })));
    const oracle = workload.oracle[0]!;
    const { warehouse } = await fresh({ staging });
    for (const f of workload.files) {
      const file = await workloadFileChanges(f, mappings);
      await warehouse.applyFiles(oracle.warehouse, [file]);
    }
    expect(oracle.rows.length).toBeGreaterThan(20);
    const rows = await warehouse.readRows(oracle.warehouse, oracle.columns);
    expect(sortRows(rows, oracle.warehouse.keyColumns)).toEqual(oracle.rows);
  });

  it('keeps NULL apart from the empty string, and text with commas, quotes, newlines and unicode as it is', async () => {
    const { warehouse, table } = await fresh({ staging });
    const t = table('texts', 'soft');
    const cols: ColumnSpec[] = [COLUMNS[0]!, COLUMNS[5]!, COLUMNS[2]!];
    const texts = [
      '',
      null,
      'a,b',
      'say "hi", then\nnext line\r\nlast',
      '\\N',
      'NULL',
      '""',
      'C:\\path\\',
      ' padded\t',
      '한국어 텍스트 🚀',
    ];
    const rows = texts.map((name, i) => ({
      op: 'I' as const,
      at: i + 1,
      row: { id: BigInt(i), name, raw: i === 0 ? new Uint8Array([]) : i === 1 ? null : new Uint8Array([i, 0, 255]) },
    }));
    await warehouse.applyFiles(t, [fileOf('texts', cols, rows)]);
    expect(sortRows(await warehouse.readRows(t, cols), ['id'])).toEqual(
      expected(
        rows.map((r) => r.row),
        cols,
      ),
    );
  });
});

describe('SnowflakeWarehouse', () => {
  it('stages by array binds, in chunks of at most bindsPerInsert values', async () => {
    // The default (90,000, under the SDK's stage-binding threshold) is the same arithmetic on more rows; the
    // stand-in runs an array bind row by row, so a small limit keeps this fast.
    const { warehouse, table } = await fresh({ staging: 'binds', bindsPerInsert: 500 });
    const t = table('chunks', 'hard');
    const cols = COLUMNS.slice(0, 2);
    const rows = Array.from({ length: 201 }, (_, i) => ({
      op: 'I' as const,
      at: i + 1,
      row: { id: BigInt(i), money: `${i}.0001` },
    }));
    const before = statements(/^INSERT INTO "_ferry_stage/).length;
    const result = await warehouse.applyFiles(t, [fileOf('big', cols, rows)]);
    expect(result).toMatchObject({ rows: 201, inserted: 201 });
    // 5 binds per row (2 data columns, op, position, file key): 100 rows per INSERT under 500 binds.
    expect(statements(/^INSERT INTO "_ferry_stage/).length - before).toBe(3);
    const [sum] = (await warehouse.query(`SELECT count(*), sum("money") FROM "${t.namespace}"."chunks"`)).rows;
    expect(sum).toEqual(['201', sumOf(201)]);
  });

  it('stages by one PUT and one COPY per batch, in a stage created once per session, and leaves no file behind', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ferry-snowflake-test-'));
    try {
      const { warehouse, table } = await fresh({ staging: 'copy', stagingDirectory: directory });
      const t = table('copied', 'hard');
      const cols = COLUMNS.slice(0, 2);
      const file = (key: string, from: number, n: number) =>
        fileOf(
          key,
          cols,
          Array.from({ length: n }, (_, i) => ({
            op: 'I' as const,
            at: from + i,
            row: { id: BigInt(from + i), money: `${from + i}.0001` },
          })),
        );
      const before = standIn.statements.length;
      expect(await warehouse.applyFiles(t, [file('p1', 0, 150), file('p2', 150, 51)])).toMatchObject({
        filesCommitted: ['p1', 'p2'],
        inserted: 201,
      });
      expect(await warehouse.applyFiles(t, [file('p3', 201, 1)])).toMatchObject({ inserted: 1 });
      const sent = standIn.statements.slice(before);
      expect(sent.filter((s) => /^CREATE TEMPORARY STAGE IF NOT EXISTS "_ferry_staging"$/.test(s))).toHaveLength(1);
      expect(sent.filter((s) => /^PUT 'file:\/\/.+\.csv\.gz' @"_ferry_staging" /.test(s))).toHaveLength(2);
      expect(sent.filter((s) => /^COPY INTO "_ferry_stage_copied" \("id", "money", "_ferry_op"/.test(s))).toHaveLength(
        2,
      );
      expect(sent.filter((s) => /^INSERT INTO "_ferry_stage/.test(s))).toHaveLength(0);
      // A session that lost its stage (the SDK logged in again: a new session) gets it back.
      await warehouse.query('DROP STAGE "_ferry_staging"');
      expect(await warehouse.applyFiles(t, [file('p4', 202, 1)])).toMatchObject({ inserted: 1 });
      const [sum] = (await warehouse.query(`SELECT count(*), sum("money") FROM "${t.namespace}"."copied"`)).rows;
      expect(sum).toEqual(['203', sumOf(203)]);
      // The local file is gone, and PURGE emptied the stage.
      expect(await readdir(directory)).toEqual([]);
      expect((await warehouse.query('LIST @"_ferry_staging"')).rows).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('surfaces a file COPY rejects as a terminal error naming the batch, with nothing committed', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ferry-snowflake-test-'));
    try {
      const { warehouse, table } = await fresh({ staging: 'copy', stagingDirectory: directory });
      const t = table('rejected', 'soft');
      const cols: ColumnSpec[] = [COLUMNS[0]!, { name: 'amount', type: { kind: 'decimal', precision: 5, scale: 2 } }];
      await warehouse.applyFiles(t, [fileOf('r0', cols, [{ op: 'I', at: 1, row: { id: 1n, amount: '1.00' } }])]);
      // 12345.67 has seven digits: NUMBER(5,2) cannot hold it, so Snowflake rejects the file under ON_ERROR = ABORT_STATEMENT.
      const error = await warehouse
        .applyFiles(t, [
          fileOf('r1', cols, [{ op: 'I', at: 2, row: { id: 2n, amount: '2.00' } }]),
          fileOf('r2', cols, [{ op: 'I', at: 3, row: { id: 3n, amount: '12345.67' } }]),
        ])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FerryError);
      expect(error).not.toBeInstanceOf(SinkUnavailableError);
      expect((error as FerryError).retryable).toBe(false);
      expect((error as Error).message).toMatch(
        /COPY INTO the staging table of sf\d+\.rejected refused the files r1, r2: .*12345\.67/s,
      );
      expect(await warehouse.readRows(t, cols)).toEqual([{ id: '1', amount: '1.00' }]);
      const ledger = await warehouse.query(`SELECT file_key FROM "${t.namespace}"."_ferry_ledger"`);
      expect(ledger.rows).toEqual([['r0']]);
      expect(await readdir(directory)).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('passes a SQL error on as terminal, not retryable', async () => {
    const { warehouse } = await fresh();
    const error = await warehouse.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FerryError);
    expect(error).not.toBeInstanceOf(SinkUnavailableError);
  });

  it('refuses a login with another key as terminal', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const error = await SnowflakeWarehouse.open({
      account: standIn.account,
      accessUrl: standIn.accessUrl,
      username: standIn.username,
      privateKey: other,
      database: standIn.database,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FerryError);
    expect((error as FerryError).retryable).toBe(false);
  });
});

/** Σ (i + 0.0001) for i < n, as decimal(38,4) text. */
function sumOf(n: number): string {
  const scaled = (BigInt(n) * BigInt(n - 1) * 10_000n) / 2n + BigInt(n);
  return `${scaled / 10_000n}.${(scaled % 10_000n).toString().padStart(4, '0')}`;
}
