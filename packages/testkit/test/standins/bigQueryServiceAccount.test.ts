import { generateKeyPairSync } from 'node:crypto';
import { BigQuery } from '@google-cloud/bigquery';
import { JWT } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BigQueryStandIn, startBigQueryStandIn } from '../../src/index.js';

const pair = () => {
  const p = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey: p.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: p.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
};
const registered = pair();
const clientEmail = 'loader@ferry-local.iam.gserviceaccount.com';
let standIn: BigQueryStandIn;

beforeAll(async () => {
  standIn = await startBigQueryStandIn({ serviceAccount: { clientEmail, publicKey: registered.publicKey } });
});
afterAll(async () => {
  await standIn.stop();
});

/** A client signing its own JWTs with `key`, as a service-account key file makes it. */
function clientFor(email: string, key: string, scopes = ['https://www.googleapis.com/auth/bigquery']): BigQuery {
  const authClient = new JWT({ email, key, scopes });
  authClient.useJWTAccessWithScope = true;
  return new BigQuery({ projectId: standIn.projectId, apiEndpoint: standIn.apiEndpoint, authClient });
}

describe('the BigQuery stand-in with a service account', () => {
  it('accepts self-signed JWTs of the registered key', async () => {
    const [rows] = await clientFor(clientEmail, registered.privateKey).query('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
  });

  it.each([
    ['another key', clientEmail, pair().privateKey, undefined],
    ['another account', 'intruder@ferry-local.iam.gserviceaccount.com', registered.privateKey, undefined],
    [
      'a scope without BigQuery',
      clientEmail,
      registered.privateKey,
      ['https://www.googleapis.com/auth/devstorage.read_only'],
    ],
  ])('refuses %s with 401', async (_, email, key, scopes) => {
    await expect(clientFor(email, key, scopes).query('SELECT 1')).rejects.toMatchObject({ code: 401 });
  });
});
