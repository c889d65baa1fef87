import { FerryError } from '@ferry/core';
import type { SecretRef, WarehouseUrl } from './WarehouseUrl.js';

const SNOWFLAKE_PARAMS = new Set([
  'warehouse',
  'role',
  'privateKeySecret',
  'privateKeyFile',
  'privateKeyPassSecret',
  'privateKeyPassFile',
  'accessUrl',
  'staging',
]);
const BIGQUERY_PARAMS = new Set(['location', 'credentialsSecret', 'credentialsFile', 'apiEndpoint']);

/**
 * Reads a warehouse URL. URLs name secrets, never hold them, so they can sit in stage config and logs:
 *
 * - `duckdb:<file>` or `duckdb::memory:`
 * - `snowflake://<user>@<account>/<database>[/<schema>]?warehouse=<wh>&role=<role>&privateKeySecret=<name or ARN>`
 *   (or `privateKeyFile=<path>`; optional `privateKeyPassSecret`/`privateKeyPassFile`, `accessUrl`, `staging=copy|binds`)
 * - `bigquery://<project>[?location=<location>][&credentialsSecret=<name or ARN> | &credentialsFile=<path>][&apiEndpoint=<url>]`
 *
 * Throws `FerryError` naming the problem and the expected form.
 */
export function parseWarehouseUrl(url: string): WarehouseUrl {
  const duckdb = /^duckdb:(.+)$/.exec(url);
  if (duckdb?.[1]) return { kind: 'duckdb', path: duckdb[1] };
  const scheme = /^([a-z]+):\/\//.exec(url)?.[1];
  if (scheme === 'snowflake') return parseSnowflake(url);
  if (scheme === 'bigquery') return parseBigQuery(url);
  throw new FerryError(`unsupported warehouse URL ${JSON.stringify(url)}`, {
    hint: 'Use duckdb:<file>, snowflake://<user>@<account>/<database>/<schema>?… or bigquery://<project>?… (docs/warehouses.md)',
  });
}

function parseSnowflake(url: string): WarehouseUrl {
  const form = 'snowflake://<user>@<account>/<database>[/<schema>]?warehouse=…&role=…&privateKeySecret=…';
  const parsed = parse(url, form);
  const params = readParams(parsed, SNOWFLAKE_PARAMS, url);
  const username = decodeURIComponent(parsed.username);
  const account = parsed.hostname;
  const path = parsed.pathname
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  if (username === '' || account === '' || path.length < 1 || path.length > 2) {
    throw new FerryError(`Snowflake URL ${JSON.stringify(url)} needs a user, an account and a database`, {
      hint: `Write it as ${form}`,
    });
  }
  if (parsed.password !== '') {
    throw new FerryError(`Snowflake URL ${JSON.stringify(url.replace(parsed.password, '***'))} holds a password`, {
      hint: 'ferry logs in with a key pair only: name the private key with privateKeySecret=<name or ARN>',
    });
  }
  const privateKey = secretRef(params, 'privateKey', url);
  if (privateKey === undefined) {
    throw new FerryError(`Snowflake URL ${JSON.stringify(url)} names no private key`, {
      hint: 'Add privateKeySecret=<Secrets Manager name or ARN> (or privateKeyFile=<path> on a laptop)',
    });
  }
  const staging = params.get('staging');
  if (staging !== undefined && staging !== 'copy' && staging !== 'binds') {
    throw new FerryError(
      `Snowflake URL ${JSON.stringify(url)}: staging=${JSON.stringify(staging)} is not copy or binds`,
      {
        hint: 'copy (the default) PUTs one file and runs COPY INTO; binds uses array-bind INSERTs',
      },
    );
  }
  return {
    kind: 'snowflake',
    account,
    username,
    database: path[0]!,
    schema: path[1],
    warehouse: params.get('warehouse'),
    role: params.get('role'),
    privateKey,
    privateKeyPass: secretRef(params, 'privateKeyPass', url),
    accessUrl: params.get('accessUrl'),
    staging,
  };
}

function parseBigQuery(url: string): WarehouseUrl {
  const form = 'bigquery://<project>?location=<location>&credentialsSecret=<name or ARN>';
  const parsed = parse(url, form);
  const params = readParams(parsed, BIGQUERY_PARAMS, url);
  const projectId = parsed.hostname;
  if (projectId === '' || parsed.username !== '' || (parsed.pathname !== '' && parsed.pathname !== '/')) {
    throw new FerryError(`BigQuery URL ${JSON.stringify(url)} must name the project and nothing else before "?"`, {
      hint: `Write it as ${form}; datasets come from the table mappings`,
    });
  }
  return {
    kind: 'bigquery',
    projectId,
    location: params.get('location'),
    credentials: secretRef(params, 'credentials', url),
    apiEndpoint: params.get('apiEndpoint'),
  };
}

function parse(url: string, form: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new FerryError(`warehouse URL ${JSON.stringify(url)} is not a URL`, { hint: `Write it as ${form}` });
  }
}

function readParams(parsed: URL, known: ReadonlySet<string>, url: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of parsed.searchParams) {
    if (!known.has(name)) {
      throw new FerryError(`warehouse URL ${JSON.stringify(url)}: unknown parameter ${JSON.stringify(name)}`, {
        hint: `Known parameters: ${[...known].join(', ')}`,
      });
    }
    if (params.has(name)) {
      throw new FerryError(`warehouse URL ${JSON.stringify(url)}: parameter ${JSON.stringify(name)} given twice`);
    }
    if (value === '')
      throw new FerryError(`warehouse URL ${JSON.stringify(url)}: parameter ${JSON.stringify(name)} is empty`);
    params.set(name, value);
  }
  return params;
}

function secretRef(params: Map<string, string>, base: string, url: string): SecretRef | undefined {
  const secret = params.get(`${base}Secret`);
  const file = params.get(`${base}File`);
  if (secret !== undefined && file !== undefined) {
    throw new FerryError(`warehouse URL ${JSON.stringify(url)} gives both ${base}Secret and ${base}File`, {
      hint: 'Keep one',
    });
  }
  if (secret !== undefined) return { secret };
  if (file !== undefined) return { file };
  return undefined;
}
