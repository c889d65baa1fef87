import { FerryError } from '@ferry/core';
import { mysqlClient } from './mysql/mysqlClient.js';
import { mysqlPoolOptions } from './mysql/mysqlPoolOptions.js';
import { prepareMysqlDialect } from './mysql/prepareMysqlDialect.js';
import { createPgPool } from './postgres/createPgPool.js';
import { openPglite } from './postgres/openPglite.js';
import { pgClient } from './postgres/pgClient.js';
import { pgliteClient } from './postgres/pgliteClient.js';
import { postgresDialect } from './postgres/postgresDialect.js';
import type { SqlTarget } from './SqlTarget.js';

/**
 * The raw client and dialect behind a speed-layer URL (the same URLs as `openSpeedLayer`), for the benchmark's
 * baselines (`writeBaseline`) and for tools that need SQL beside the sink. `client.close()` releases it.
 */
export async function openSqlTarget(url: string): Promise<SqlTarget> {
  if (url.startsWith('pglite:') && url.length > 'pglite:'.length) {
    return {
      client: pgliteClient(await openPglite(url.slice('pglite:'.length)), true),
      dialect: postgresDialect('pglite'),
    };
  }
  if (/^postgres(ql)?:\/\//.test(url))
    return { client: pgClient(await createPgPool(url), true), dialect: postgresDialect('postgres') };
  if (url.startsWith('mysql://')) {
    const { createPool } = await import('mysql2/promise');
    const client = mysqlClient(createPool(mysqlPoolOptions(url)), true);
    return { client, dialect: await prepareMysqlDialect(client) };
  }
  throw new FerryError(`speed layer URL scheme ${JSON.stringify(url.split(':')[0])} is not one ferry knows`, {
    hint: 'Use pglite:<dir>, pglite:memory, postgres://…, postgresql://… or mysql://…',
  });
}
