import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BigQuery } from '@google-cloud/bigquery';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BigQueryStandIn } from '../../src/index.js';
import { encodeDmsParquet, mysqlDmsType, startBigQueryStandIn } from '../../src/index.js';

// Through the official @google-cloud/bigquery client, against the stand-in: datasets and tables, a
// parquet load, BigQuery's 409 on a reused job id, multi-statement transactions, injected faults.

let standIn: BigQueryStandIn;
let bigquery: BigQuery;
let dir: string;

beforeAll(async () => {
  standIn = await startBigQueryStandIn();
  // An access token the client already holds: no token endpoint is ever called.
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: standIn.accessToken, expiry_date: Date.now() + 3_600_000 });
  bigquery = new BigQuery({ projectId: standIn.projectId, apiEndpoint: standIn.apiEndpoint, authClient: auth });
  dir = await mkdtemp(join(tmpdir(), 'ferry-bq-standin-test-'));
  await bigquery.dataset('shop').create();
});

afterAll(async () => {
  await standIn.stop();
  await rm(dir, { recursive: true, force: true });
});

async function parquetFile(name: string, ids: bigint[], amounts: string[]): Promise<string> {
  const bytes = encodeDmsParquet([
    { name: 'id', element: mysqlDmsType.bigintUnsigned.element, values: ids },
    { name: 'amount', element: mysqlDmsType.decimal(38, 4).element, values: amounts },
    { name: 'name', element: mysqlDmsType.varchar.element, values: ids.map((id) => `상품 ${id}`) },
    {
      name: 'updated_at',
      element: mysqlDmsType.timestamp.element,
      values: ids.map((_, i) => 1_704_164_645_123_456n + BigInt(i)),
    },
  ]);
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

describe('BigQuery stand-in through @google-cloud/bigquery', () => {
  it('creates datasets and tables, and answers 409 for an existing dataset', async () => {
    const [table] = await bigquery.dataset('shop').createTable('ledger', {
      schema: {
        fields: [
          { name: 'file_key', type: 'STRING', mode: 'REQUIRED' },
          { name: 'rows', type: 'INT64' },
        ],
      },
    });
    const [metadata] = await table.getMetadata();
    expect(metadata.schema.fields.map((f: { name: string; type: string }) => [f.name, f.type])).toEqual([
      ['file_key', 'STRING'],
      ['rows', 'INT64'],
    ]);
    await expect(bigquery.dataset('shop').create()).rejects.toMatchObject({ code: 409 });
  });

  it('loads a parquet upload with decimalTargetTypes and returns exact values', async () => {
    const path = await parquetFile(
      'a.parquet',
      [1n, 18446744073709551615n],
      ['12345678901234567890123456789012.3456', '-0.0100'],
    );
    // UINT64 above 2^63-1 does not fit INT64: load it with an explicit schema as NUMERIC (FACTS §4).
    const [job] = await bigquery
      .dataset('shop')
      .table('orders_staging')
      .load(path, {
        sourceFormat: 'PARQUET',
        jobId: 'load_orders_1',
        decimalTargetTypes: ['NUMERIC', 'BIGNUMERIC'],
        schema: { fields: [{ name: 'id', type: 'NUMERIC' }] },
        writeDisposition: 'WRITE_APPEND',
      });
    expect(job.status?.state).toBe('DONE');
    expect(job.statistics?.load?.outputRows).toBe('2');
    const [meta] = await bigquery.dataset('shop').table('orders_staging').getMetadata();
    expect(meta.schema.fields.map((f: { name: string; type: string }) => `${f.name}:${f.type}`)).toEqual([
      'id:NUMERIC',
      'amount:BIGNUMERIC',
      'name:STRING',
      'updated_at:TIMESTAMP',
    ]);
    const [rows] = await bigquery.query({
      query:
        'SELECT id, amount, name, updated_at FROM `ferry-local.shop.orders_staging` WHERE name LIKE @prefix ORDER BY id',
      params: { prefix: '상품%' },
    });
    // The SDK turns NUMERIC/BIGNUMERIC cells into Big numbers: exact, printed in full by toFixed().
    expect(
      rows.map((r: Record<string, unknown>) => [String(r.id), (r.amount as { toFixed(): string }).toFixed(), r.name]),
    ).toEqual([
      ['1', '12345678901234567890123456789012.3456', '상품 1'],
      ['18446744073709551615', '-0.01', '상품 18446744073709551615'],
    ]);
    expect((rows[0] as { updated_at: { value: string } }).updated_at.value).toBe('2024-01-02T03:04:05.123456000Z');
  });

  it('fails a load whose DECIMAL(38,4) does not fit NUMERIC when no decimalTargetTypes are given', async () => {
    const path = await parquetFile('money.parquet', [2n], ['1.0000']);
    await expect(
      bigquery.dataset('shop').table('money').load(path, { sourceFormat: 'PARQUET', jobId: 'load_money_1' }),
    ).rejects.toThrow(/decimal target types/);
  });

  it('answers a reused job id with 409 duplicate, and the first job stays readable: done, failed or running', async () => {
    const path = await parquetFile('b.parquet', [3n], ['1.0000']);
    const load = () =>
      bigquery
        .dataset('shop')
        .table('orders_staging')
        .load(path, {
          sourceFormat: 'PARQUET',
          jobId: 'load_orders_1',
          decimalTargetTypes: ['NUMERIC', 'BIGNUMERIC'],
          schema: { fields: [{ name: 'id', type: 'NUMERIC' }] },
        });
    const duplicate = await load().catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ code: 409, errors: [{ reason: 'duplicate' }] });
    const [done] = await bigquery.job('load_orders_1').getMetadata();
    expect(done.status).toEqual({ state: 'DONE' });

    standIn.faults.failJob('merge_orders_1', { reason: 'backendError', message: 'boom' });
    const [doomed] = await bigquery.createQueryJob({ query: 'SELECT 1', jobId: 'merge_orders_1' });
    await expect(doomed.promise()).rejects.toThrow(/boom/);
    await expect(bigquery.createQueryJob({ query: 'SELECT 1', jobId: 'merge_orders_1' })).rejects.toMatchObject({
      code: 409,
    });
    const [failed] = await bigquery.job('merge_orders_1').getMetadata();
    expect(failed.status.state).toBe('DONE');
    expect(failed.status.errorResult).toMatchObject({ reason: 'backendError', message: 'boom' });

    standIn.faults.holdRunning('merge_orders_2', 1);
    const [running] = await bigquery.createQueryJob({ query: 'SELECT 42 AS answer', jobId: 'merge_orders_2' });
    expect(running.metadata.status.state).toBe('RUNNING');
    await expect(bigquery.createQueryJob({ query: 'SELECT 1', jobId: 'merge_orders_2' })).rejects.toMatchObject({
      code: 409,
    });
    expect((await bigquery.job('merge_orders_2').getMetadata())[0].status.state).toBe('RUNNING');
    expect((await bigquery.job('merge_orders_2').getMetadata())[0].status.state).toBe('DONE');
    const [answer] = await bigquery.job('merge_orders_2').getQueryResults();
    expect(answer).toEqual([{ answer: 42 }]);
  });

  it('commits a multi-statement transaction as one, and rolls all of it back when a statement fails', async () => {
    await bigquery.query(
      'CREATE TABLE shop.orders (id NUMERIC, amount BIGNUMERIC(38,4), name STRING, updated_at TIMESTAMP)',
    );
    const merge = `MERGE shop.orders t
      USING (SELECT * FROM shop.orders_staging QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY updated_at DESC) = 1) s
      ON t.id = s.id
      WHEN MATCHED AND s.updated_at > t.updated_at THEN UPDATE SET amount = s.amount, name = s.name, updated_at = s.updated_at
      WHEN NOT MATCHED THEN INSERT (id, amount, name, updated_at) VALUES (s.id, s.amount, s.name, s.updated_at)`;
    const [job] = await bigquery.createQueryJob({
      query: `BEGIN TRANSACTION;\n${merge};\nINSERT shop.ledger (file_key, rows) VALUES ('a.parquet', 2);\nCOMMIT TRANSACTION;`,
      jobId: 'merge_orders_3',
    });
    await job.promise();
    const count = async (table: string) =>
      Number((await bigquery.query(`SELECT count(*) AS n FROM \`shop.${table}\``))[0][0].n);
    expect([await count('orders'), await count('ledger')]).toEqual([2, 1]);

    await expect(
      bigquery.query(
        `BEGIN TRANSACTION;\nDELETE shop.orders WHERE true;\nINSERT shop.ledger (file_key, rows) VALUES ('b.parquet', 1);\nINSERT shop.no_such_table VALUES (1);\nCOMMIT TRANSACTION;`,
      ),
    ).rejects.toMatchObject({ code: 400 });
    expect([await count('orders'), await count('ledger')]).toEqual([2, 1]);
  });

  it('fails the next mutating DML with BigQuery concurrent-update errors', async () => {
    standIn.faults.failNextDml(2);
    const error = await bigquery
      .query(`BEGIN TRANSACTION;\nUPDATE shop.orders SET name = 'x' WHERE true;\nCOMMIT TRANSACTION;`)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 400, errors: [{ reason: 'invalidQuery' }] });
    expect(String((error as Error).message)).toBe(
      'Transaction is aborted due to concurrent update against table ferry-local:shop.orders.',
    );
    const [job] = await bigquery.createQueryJob({
      query: "UPDATE shop.orders SET name = 'x' WHERE true",
      jobId: 'update_1',
    });
    await expect(job.promise()).rejects.toThrow(
      'Could not serialize access to table ferry-local:shop.orders due to concurrent update',
    );
    // Armed twice, used twice: the next DML runs.
    const [ok] = await bigquery.createQueryJob({
      query: "UPDATE shop.orders SET name = 'y' WHERE true",
      jobId: 'update_2',
    });
    await ok.promise();
    expect(ok.metadata.statistics.query.numDmlAffectedRows).toBe('2');
  });
});
