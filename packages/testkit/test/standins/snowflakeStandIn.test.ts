import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import snowflake from 'snowflake-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnowflakeStandIn } from '../../src/index.js';
import { startSnowflakeStandIn } from '../../src/index.js';

// Through the official snowflake-sdk, against the stand-in: login, binds, array binds, MERGE with
// QUALIFY executed on DuckDB, and injected faults.

snowflake.configure({ logLevel: 'OFF', disableOCSPChecks: true });

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

const good = keyPair();
let standIn: SnowflakeStandIn;
let conn: snowflake.Connection;

function connect(privateKey: string): Promise<snowflake.Connection> {
  const c = snowflake.createConnection({
    account: standIn.account,
    accessUrl: standIn.accessUrl,
    username: standIn.username,
    authenticator: 'SNOWFLAKE_JWT',
    privateKey,
    warehouse: 'FERRY_WH',
    database: standIn.database,
    schema: standIn.schema,
    sfRetryMaxLoginRetries: 0,
  });
  return new Promise((resolve, reject) => c.connect((err, ok) => (err ? reject(err) : resolve(ok))));
}

function exec(sqlText: string, binds?: snowflake.Binds): Promise<{ rows: Record<string, unknown>[]; updated: number }> {
  return new Promise((resolve, reject) =>
    conn.execute({
      sqlText,
      ...(binds === undefined ? {} : { binds }),
      complete: (err, stmt, rows) =>
        err
          ? reject(err)
          : resolve({ rows: (rows ?? []) as Record<string, unknown>[], updated: stmt.getNumUpdatedRows() ?? -1 }),
    }),
  );
}

beforeAll(async () => {
  standIn = await startSnowflakeStandIn({ publicKey: good.publicKey });
  conn = await connect(good.privateKey);
});

afterAll(async () => {
  await new Promise<void>((resolve) => conn.destroy(() => resolve()));
  await standIn.stop();
});

describe('Snowflake stand-in through snowflake-sdk', () => {
  it('refuses a login signed with a key other than the registered one', async () => {
    const other = keyPair();
    await expect(connect(other.privateKey)).rejects.toMatchObject({ code: '390144' });
  });

  it('answers a query with binds with typed rows', async () => {
    await exec(
      'CREATE TABLE typed (id NUMBER(20,0), amount NUMBER(15,2), name VARCHAR, changed_at TIMESTAMP_NTZ, raw BINARY, ok BOOLEAN, d DATE)',
    );
    await exec('INSERT INTO typed VALUES (?, ?, ?, ?, ?, ?, ?)', [
      '18446744073709551615',
      '1234.50',
      '한국어',
      '2024-01-02 03:04:05.123456',
      'DEAD00',
      true,
      '2024-02-29',
    ]);
    const { rows } = await exec('SELECT * FROM typed WHERE name = :1 AND amount = :2', ['한국어', '1234.5']);
    expect(rows).toHaveLength(1);
    const row = rows[0] as Record<string, unknown>;
    expect(row.amount).toBe(1234.5);
    expect(row.name).toBe('한국어');
    expect(row.ok).toBe(true);
    expect((row.changed_at as Date).toISOString()).toBe('2024-01-02T03:04:05.123Z');
    expect(Buffer.from(row.raw as Uint8Array).toString('hex')).toBe('dead00');
    expect((row.d as Date).toISOString().slice(0, 10)).toBe('2024-02-29');
    // The raw cell is exact even where a JS number is not (NUMBER(20,0) holds UINT64 max).
    const [exact] = (await exec('SELECT id::VARCHAR AS id_text FROM typed')).rows;
    expect(exact?.id_text).toBe('18446744073709551615');
  });

  it('inserts every row of an array bind in one statement', async () => {
    await exec('CREATE TABLE staged (id NUMBER(38,0), v VARCHAR, seq NUMBER(38,0))');
    const { updated } = await exec('INSERT INTO staged (id, v, seq) VALUES (?, ?, ?)', [
      [1, 'a', 1],
      [1, 'b', 2],
      [2, null, 1],
    ]);
    expect(updated).toBe(3);
    const { rows } = await exec('SELECT count(*) AS n, count(v) AS nv FROM staged');
    expect(rows[0]).toEqual({ n: 3, nv: 2 });
  });

  it('runs a MERGE whose source is deduplicated with QUALIFY, reporting inserted and updated rows', async () => {
    await exec('CREATE TABLE target (id NUMBER(38,0), v VARCHAR, seq NUMBER(38,0))');
    await exec("INSERT INTO target VALUES (2, 'old', 0)");
    const { rows, updated } = await exec(`MERGE INTO target t
      USING (SELECT * FROM staged QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY seq DESC) = 1) s
      ON t.id = s.id
      WHEN MATCHED AND s.seq > t.seq THEN UPDATE SET v = s.v, seq = s.seq
      WHEN NOT MATCHED THEN INSERT (id, v, seq) VALUES (s.id, s.v, s.seq)`);
    expect(rows[0]).toEqual({ 'number of rows inserted': 1, 'number of rows updated': 1 });
    expect(updated).toBe(2);
    const after = await exec('SELECT id, v, seq FROM target ORDER BY id');
    expect(after.rows).toEqual([
      { id: 1, v: 'b', seq: 2 },
      { id: 2, v: null, seq: 1 },
    ]);
  });

  it('fails the next matching statement with the configured Snowflake error and rolls back its transaction', async () => {
    await exec('CREATE TABLE ledger (file VARCHAR)');
    standIn.faults.failNext({
      match: /^MERGE/i,
      code: '000625',
      sqlState: '57014',
      message: 'lock wait',
      abortsTransaction: true,
    });
    await exec('BEGIN');
    await exec("INSERT INTO ledger VALUES ('f1')");
    await expect(
      exec(
        'MERGE INTO target t USING (SELECT 9 AS id) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id)',
      ),
    ).rejects.toMatchObject({
      code: '000625',
      sqlState: '57014',
    });
    // The aborted transaction took the ledger row with it; the next MERGE runs normally.
    expect((await exec('SELECT count(*) AS n FROM ledger')).rows[0]).toEqual({ n: 0 });
    const { updated } = await exec(
      'MERGE INTO target t USING (SELECT 9 AS id) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id)',
    );
    expect(updated).toBe(1);
  });

  it('answers a failing statement with the Snowflake code for its class', async () => {
    await expect(exec('SELECT * FROM no_such_table')).rejects.toMatchObject({ code: '002003', sqlState: '42S02' });
  });

  describe('stages: PUT through the SDK, COPY INTO on DuckDB', () => {
    let local: string;
    beforeAll(async () => {
      local = await mkdtemp(join(tmpdir(), 'ferry-put-test-'));
    });
    afterAll(async () => {
      await rm(local, { recursive: true, force: true });
    });

    const FORMAT =
      "FILE_FORMAT = (TYPE = CSV COMPRESSION = GZIP FIELD_OPTIONALLY_ENCLOSED_BY = '\"' ESCAPE_UNENCLOSED_FIELD = NONE NULL_IF = () BINARY_FORMAT = HEX)";

    async function put(name: string, csv: string, stage = '"load"'): Promise<void> {
      const path = join(local, name);
      await writeFile(path, gzipSync(csv));
      const { rows } = await exec(`PUT 'file://${path}' @${stage} AUTO_COMPRESS = FALSE SOURCE_COMPRESSION = GZIP`);
      expect(rows).toMatchObject([{ source: name, target: name, status: 'UPLOADED' }]);
    }

    it('loads an uploaded gzip CSV with an explicit column list: NULL apart from empty, quotes, commas, newlines', async () => {
      await exec('CREATE TEMPORARY STAGE IF NOT EXISTS "load"');
      await exec('CREATE TABLE landed (id NUMBER(20,0), note VARCHAR, raw BINARY, ts TIMESTAMP_TZ(6), ok BOOLEAN)');
      await put(
        'rows.csv.gz',
        '"18446744073709551615","a ""quoted"", line\nbreak 한국어","00ff","2024-01-02 03:04:05.123456+00:00","true"\n' +
          '"2","","","1969-12-31 23:59:59.999999+00:00","false"\n' +
          '"3",,,,\n',
      );
      expect((await exec('LIST @"load"')).rows).toMatchObject([{ name: 'load/rows.csv.gz' }]);
      const { rows } = await exec(
        `COPY INTO landed (id, "note", raw, ts, ok) FROM @"load" FILES = ('rows.csv.gz') ${FORMAT} ON_ERROR = ABORT_STATEMENT PURGE = TRUE`,
      );
      expect(rows).toMatchObject([{ file: 'load/rows.csv.gz', status: 'LOADED', rows_parsed: 3, rows_loaded: 3 }]);
      // PURGE removed the loaded file.
      expect((await exec('LIST @"load"')).rows).toEqual([]);
      const landed = await exec(
        "SELECT id::VARCHAR AS id, note, note IS NULL AS no_note, hex(raw) AS raw, strftime(ts, '%Y-%m-%d %H:%M:%S.%f') AS ts, ok FROM landed ORDER BY id",
      );
      expect(landed.rows).toEqual([
        {
          id: '18446744073709551615',
          note: 'a "quoted", line\nbreak 한국어',
          no_note: false,
          raw: '00FF',
          ts: '2024-01-02 03:04:05.123456',
          ok: true,
        },
        { id: '2', note: '', no_note: false, raw: '', ts: '1969-12-31 23:59:59.999999', ok: false },
        { id: '3', note: null, no_note: true, raw: null, ts: null, ok: null },
      ]);
    });

    it('rejects a file whose value does not fit, loading none of the COPY', async () => {
      await exec('CREATE TABLE narrow (id NUMBER(38,0), amount NUMBER(5,2))');
      await put('good.csv.gz', '"1","1.50"\n');
      await put('bad.csv.gz', '"2","12345.67"\n');
      const error = await exec(`COPY INTO narrow FROM @"load" FILES = ('good.csv.gz', 'bad.csv.gz') ${FORMAT}`).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: '100038', sqlState: '22018' });
      expect((error as Error).message).toContain("File 'load/bad.csv.gz'");
      expect((await exec('SELECT count(*) AS n FROM narrow')).rows).toEqual([{ n: 0 }]);
      // Without PURGE the files stay; a column-count mismatch is Snowflake's 100080.
      await put('wide.csv.gz', '"3","1.00","extra"\n');
      await expect(exec(`COPY INTO narrow FROM @"load" FILES = ('wide.csv.gz') ${FORMAT}`)).rejects.toMatchObject({
        code: '100080',
      });
      await exec('REMOVE @"load"');
      expect((await exec('LIST @"load"')).rows).toEqual([]);
    });

    it('refuses a missing stage, a missing file and options it cannot emulate', async () => {
      await expect(exec(`COPY INTO narrow FROM @nowhere ${FORMAT}`)).rejects.toMatchObject({ code: '002003' });
      await expect(exec(`COPY INTO narrow FROM @"load" FILES = ('gone.csv.gz') ${FORMAT}`)).rejects.toThrow(
        /Remote file '@"load"\/gone.csv.gz' was not found/,
      );
      await expect(
        exec(`COPY INTO narrow FROM @"load" FILE_FORMAT = (TYPE = CSV) ON_ERROR = CONTINUE`),
      ).rejects.toMatchObject({ code: '000002' });
      // Snowflake's default ESCAPE_UNENCLOSED_FIELD ('\\') has no DuckDB equivalent: it must be set to NONE.
      await put('x.csv.gz', '"1","1.00"\n');
      await expect(exec(`COPY INTO narrow FROM @"load" FILE_FORMAT = (TYPE = CSV)`)).rejects.toThrow(
        /ESCAPE_UNENCLOSED_FIELD/,
      );
    });
  });
});
