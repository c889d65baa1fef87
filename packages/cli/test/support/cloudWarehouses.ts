import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsManagerReader } from '@ferry/aws';
import { type MemorySecretsManager, startMemorySecretsManager } from '@ferry/local-stack';
import { startBigQueryStandIn, startSnowflakeStandIn } from '@ferry/testkit';
import snowflake from 'snowflake-sdk';

snowflake.configure({ logLevel: 'OFF', disableOCSPChecks: true });

const region = 'ap-northeast-2';

function rsaPair(): { publicKey: string; privateKey: string } {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** A stand-in warehouse reached only through its ferry URL, as `ferry run --warehouse <url>` reaches it. */
export interface CloudWarehouse {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The secrets ferry reads and the stand-ins that check them: a Snowflake user's key pair (its private key in
 * Secrets Manager) and a BigQuery service-account key (in a key file). `env` points a ferry process's AWS SDK
 * at the in-memory Secrets Manager.
 */
export async function startCloudSecrets(): Promise<{
  readSecret: (id: string) => Promise<string>;
  env: Record<string, string>;
  snowflake(): Promise<CloudWarehouse>;
  bigquery(): Promise<CloudWarehouse>;
  stop(): Promise<void>;
}> {
  const secrets: MemorySecretsManager = await startMemorySecretsManager({ region });
  const credentials = { accessKeyId: 'ferry-local', secretAccessKey: 'ferry-local' };
  const client = new SecretsManagerClient({ region, endpoint: secrets.endpoint, credentials });
  const dir = await mkdtemp(join(tmpdir(), 'ferry-cloud-'));
  const snowflakeKey = rsaPair();
  await client.send(
    new CreateSecretCommand({ Name: 'ferry/test/snowflake-key', SecretString: snowflakeKey.privateKey }),
  );
  const bigQueryKey = rsaPair();
  const clientEmail = 'ferry-loader@ferry-local.iam.gserviceaccount.com';
  const keyFile = join(dir, 'bigquery-key.json');
  await writeFile(
    keyFile,
    JSON.stringify({
      type: 'service_account',
      project_id: 'ferry-local',
      client_email: clientEmail,
      private_key: bigQueryKey.privateKey,
    }),
  );
  return {
    readSecret: secretsManagerReader(client),
    env: {
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    },
    async snowflake() {
      const standIn = await startSnowflakeStandIn({ publicKey: snowflakeKey.publicKey });
      const params = new URLSearchParams({
        warehouse: 'FERRY_WH',
        role: 'FERRY_LOADER',
        privateKeySecret: 'ferry/test/snowflake-key',
        accessUrl: standIn.accessUrl,
      });
      return {
        url: `snowflake://${standIn.username}@${standIn.account}/${standIn.database}/${standIn.schema}?${params}`,
        stop: () => standIn.stop(),
      };
    },
    async bigquery() {
      const standIn = await startBigQueryStandIn({
        serviceAccount: { clientEmail, publicKey: bigQueryKey.publicKey },
      });
      const params = new URLSearchParams({ credentialsFile: keyFile, apiEndpoint: standIn.apiEndpoint });
      return { url: `bigquery://${standIn.projectId}?${params}`, stop: () => standIn.stop() };
    },
    async stop() {
      client.destroy();
      await secrets.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
