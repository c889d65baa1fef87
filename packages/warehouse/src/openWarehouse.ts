import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FerryError, type Sink } from '@ferry/core';
import { z } from 'zod';
import type { OpenWarehouseOptions } from './OpenWarehouseOptions.js';
import { parseWarehouseUrl } from './parseWarehouseUrl.js';
import type { SecretRef } from './WarehouseUrl.js';

const BIGQUERY_SCOPE = 'https://www.googleapis.com/auth/bigquery';

const ServiceAccountKey = z.object({
  type: z.literal('service_account'),
  client_email: z.string().min(1),
  private_key: z.string().min(1),
});

/**
 * A warehouse from its URL (`parseWarehouseUrl`): DuckDB, Snowflake (key-pair login, the key from Secrets
 * Manager or a file) or BigQuery (a service-account key from Secrets Manager or a file, else Application Default
 * Credentials). Each adapter, and its SDK, is loaded only when its URL asks for it, so a stage's bundle carries
 * one warehouse SDK.
 *
 * @example await openWarehouse('snowflake://FERRY_LOADER@myorg-acct/ANALYTICS?warehouse=FERRY_WH&role=FERRY_LOADER&privateKeySecret=ferry/prod/snowflake', { readSecret })
 */
export async function openWarehouse(url: string, options: OpenWarehouseOptions = {}): Promise<Sink> {
  const target = parseWarehouseUrl(url);
  const read = (ref: SecretRef, what: string) => readRef(ref, what, options);
  switch (target.kind) {
    case 'duckdb': {
      if (target.path !== ':memory:') await mkdir(dirname(target.path), { recursive: true });
      const { DuckDbWarehouse } = await import('./duckdb/DuckDbWarehouse.js');
      return DuckDbWarehouse.open(target.path);
    }
    case 'snowflake': {
      const privateKey = await read(target.privateKey, 'the Snowflake private key');
      const privateKeyPass =
        target.privateKeyPass === undefined ? undefined : await read(target.privateKeyPass, 'its passphrase');
      const [{ SnowflakeWarehouse }, { default: snowflake }] = await Promise.all([
        import('./snowflake/SnowflakeWarehouse.js'),
        import('snowflake-sdk'),
      ]);
      // The SDK logs every connection step to stdout, which would break `--json` output and flood the
      // function's logs; ferry reports failures itself. FERRY_SNOWFLAKE_LOG_LEVEL turns it back on to debug.
      snowflake.configure({ logLevel: snowflakeLogLevel(process.env.FERRY_SNOWFLAKE_LOG_LEVEL) });
      return SnowflakeWarehouse.open({
        account: target.account,
        username: target.username,
        privateKey,
        ...(privateKeyPass === undefined ? {} : { privateKeyPass }),
        database: target.database,
        ...(target.schema === undefined ? {} : { schema: target.schema }),
        ...(target.warehouse === undefined ? {} : { warehouse: target.warehouse }),
        ...(target.role === undefined ? {} : { role: target.role }),
        ...(target.accessUrl === undefined ? {} : { accessUrl: target.accessUrl }),
        ...(target.staging === undefined ? {} : { staging: target.staging }),
      });
    }
    case 'bigquery': {
      const [{ BigQuery }, { JWT }, { BigQueryWarehouse }] = await Promise.all([
        import('@google-cloud/bigquery'),
        import('google-auth-library'),
        import('./bigquery/BigQueryWarehouse.js'),
      ]);
      let authClient: InstanceType<typeof JWT> | undefined;
      if (target.credentials !== undefined) {
        const text = await read(target.credentials, 'the BigQuery service-account key');
        const key = parseKey(text, target.credentials);
        authClient = new JWT({ email: key.client_email, key: key.private_key, scopes: [BIGQUERY_SCOPE] });
        // A self-signed JWT per request instead of a token exchange: one less service to reach from the Lambda.
        authClient.useJWTAccessWithScope = true;
      }
      const client = new BigQuery({
        projectId: target.projectId,
        ...(target.location === undefined ? {} : { location: target.location }),
        ...(target.apiEndpoint === undefined ? {} : { apiEndpoint: target.apiEndpoint }),
        ...(authClient === undefined ? {} : { authClient }),
      });
      return BigQueryWarehouse.open({
        projectId: target.projectId,
        client,
        ...(target.location === undefined ? {} : { location: target.location }),
      });
    }
  }
}

type SnowflakeLogLevel = 'OFF' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';
const SNOWFLAKE_LOG_LEVELS: readonly string[] = ['OFF', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'];

function snowflakeLogLevel(value: string | undefined): SnowflakeLogLevel {
  const level = (value ?? 'OFF').toUpperCase();
  if (!SNOWFLAKE_LOG_LEVELS.includes(level)) {
    throw new FerryError(`FERRY_SNOWFLAKE_LOG_LEVEL ${JSON.stringify(value)} is not a log level`, {
      hint: `Use one of ${SNOWFLAKE_LOG_LEVELS.join(', ')}`,
    });
  }
  return level as SnowflakeLogLevel;
}

async function readRef(ref: SecretRef, what: string, options: OpenWarehouseOptions): Promise<string> {
  if ('file' in ref) {
    try {
      return await readFile(ref.file, 'utf8');
    } catch (cause) {
      throw new FerryError(`cannot read ${what} from ${JSON.stringify(ref.file)}`, { cause });
    }
  }
  if (options.readSecret === undefined) {
    throw new FerryError(`${what} is the secret ${JSON.stringify(ref.secret)}, and no secret reader was given`, {
      hint: 'Run through the ferry CLI or a ferry Lambda, which read secrets from AWS Secrets Manager',
    });
  }
  return options.readSecret(ref.secret);
}

function parseKey(text: string, ref: SecretRef): z.infer<typeof ServiceAccountKey> {
  const where = 'file' in ref ? `file ${JSON.stringify(ref.file)}` : `secret ${JSON.stringify(ref.secret)}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Never echo the text: it is a private key.
    throw new FerryError(`the BigQuery service-account key in ${where} is not JSON`, {
      hint: 'Store the key file Google gave for the service account, as it is',
    });
  }
  const parsed = ServiceAccountKey.safeParse(json);
  if (!parsed.success) {
    throw new FerryError(
      `the BigQuery service-account key in ${where} lacks ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      { hint: 'Store the key file Google gave for the service account, as it is' },
    );
  }
  return parsed.data;
}
