import { FerryError } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { openWarehouse, parseWarehouseUrl } from '../src/index.js';

describe('parseWarehouseUrl', () => {
  it('reads DuckDB files and memory', () => {
    expect(parseWarehouseUrl('duckdb:.ferry/w.duckdb')).toEqual({ kind: 'duckdb', path: '.ferry/w.duckdb' });
    expect(parseWarehouseUrl('duckdb::memory:')).toEqual({ kind: 'duckdb', path: ':memory:' });
  });

  it('reads a Snowflake URL with a Secrets Manager key', () => {
    expect(
      parseWarehouseUrl(
        'snowflake://FERRY_LOADER@myorg-acct/ANALYTICS/PUBLIC?warehouse=FERRY_WH&role=FERRY_LOADER&privateKeySecret=arn%3Aaws%3Asecretsmanager%3Aus-east-1%3A1%3Asecret%3Ak',
      ),
    ).toEqual({
      kind: 'snowflake',
      account: 'myorg-acct',
      username: 'FERRY_LOADER',
      database: 'ANALYTICS',
      schema: 'PUBLIC',
      warehouse: 'FERRY_WH',
      role: 'FERRY_LOADER',
      privateKey: { secret: 'arn:aws:secretsmanager:us-east-1:1:secret:k' },
      privateKeyPass: undefined,
      accessUrl: undefined,
      staging: undefined,
    });
  });

  it('reads a Snowflake URL with a key file, a passphrase secret and an access URL, schema optional', () => {
    const url = parseWarehouseUrl(
      'snowflake://u@acct/DB?privateKeyFile=/keys/rsa.p8&privateKeyPassSecret=pass&accessUrl=http%3A%2F%2F127.0.0.1%3A9000&staging=binds',
    );
    expect(url).toMatchObject({
      kind: 'snowflake',
      database: 'DB',
      schema: undefined,
      privateKey: { file: '/keys/rsa.p8' },
      privateKeyPass: { secret: 'pass' },
      accessUrl: 'http://127.0.0.1:9000',
      staging: 'binds',
    });
  });

  it('reads a BigQuery URL, with or without credentials', () => {
    expect(parseWarehouseUrl('bigquery://my-project?location=EU&credentialsSecret=ferry%2Fbq')).toEqual({
      kind: 'bigquery',
      projectId: 'my-project',
      location: 'EU',
      credentials: { secret: 'ferry/bq' },
      apiEndpoint: undefined,
    });
    expect(parseWarehouseUrl('bigquery://my-project')).toMatchObject({ credentials: undefined, location: undefined });
  });

  it.each([
    ['postgres://x/y', /unsupported warehouse URL/],
    ['duckdb:', /unsupported warehouse URL/],
    ['snowflake://acct/DB?privateKeySecret=k', /needs a user, an account and a database/],
    ['snowflake://u@acct?privateKeySecret=k', /needs a user, an account and a database/],
    ['snowflake://u@acct/DB/S/extra?privateKeySecret=k', /needs a user, an account and a database/],
    ['snowflake://u@acct/DB', /names no private key/],
    ['snowflake://u@acct/DB?privateKeySecret=k&privateKeyFile=f', /both privateKeySecret and privateKeyFile/],
    ['snowflake://u@acct/DB?privateKeySecret=k&wharehouse=W', /unknown parameter "wharehouse"/],
    ['snowflake://u@acct/DB?privateKeySecret=k&role=', /parameter "role" is empty/],
    ['snowflake://u@acct/DB?privateKeySecret=k&role=A&role=B', /parameter "role" given twice/],
    ['snowflake://u@acct/DB?privateKeySecret=k&staging=put', /staging="put" is not copy or binds/],
    ['bigquery://p/dataset', /must name the project and nothing else/],
    ['bigquery://p?dataset=x', /unknown parameter "dataset"/],
  ])('refuses %s', (url, message) => {
    expect(() => parseWarehouseUrl(url)).toThrow(FerryError);
    expect(() => parseWarehouseUrl(url)).toThrow(message);
  });

  it('refuses a password in a Snowflake URL without echoing it', () => {
    const error = (() => {
      try {
        parseWarehouseUrl('snowflake://u:hunter2@acct/DB?privateKeySecret=k');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/holds a password/);
    expect(error?.message).not.toContain('hunter2');
  });
});

describe('openWarehouse secrets', () => {
  it('refuses a URL naming a secret when no reader was given', async () => {
    await expect(openWarehouse('snowflake://u@acct/DB?privateKeySecret=ferry/key')).rejects.toThrow(
      /the Snowflake private key is the secret "ferry\/key", and no secret reader was given/,
    );
  });

  it('names an unreadable key file', async () => {
    await expect(openWarehouse('snowflake://u@acct/DB?privateKeyFile=/nonexistent/key.p8')).rejects.toThrow(
      /cannot read the Snowflake private key from "\/nonexistent\/key.p8"/,
    );
  });

  it('refuses a BigQuery key that is not a service-account key, without echoing it', async () => {
    const readSecret = async () => '{"type":"authorized_user","private_key":"SECRET-MATERIAL"}';
    const error = await openWarehouse('bigquery://p?credentialsSecret=bq', { readSecret }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/service-account key in secret "bq" lacks type, client_email/);
    expect((error as Error).message).not.toContain('SECRET-MATERIAL');
    const notJson = await openWarehouse('bigquery://p?credentialsSecret=bq', {
      readSecret: async () => 'SECRET-MATERIAL',
    }).catch((e: Error) => e);
    expect((notJson as Error).message).toMatch(/is not JSON/);
    expect((notJson as Error).message).not.toContain('SECRET-MATERIAL');
  });
});
