import { FerryError } from '@ferry/core';
import { mysqlPoolOptions } from './mysql/mysqlPoolOptions.js';
import { mysqlSpeedLayer } from './mysql/mysqlSpeedLayer.js';
import { createPgPool } from './postgres/createPgPool.js';
import { pgliteSpeedLayer } from './postgres/pgliteSpeedLayer.js';
import { postgresSpeedLayer } from './postgres/postgresSpeedLayer.js';
import type { SpeedLayerSink } from './SpeedLayerSink.js';

/**
 * Opens the speed layer a URL names:
 * - `pglite:memory` or `pglite:<dir>` (created if missing): embedded PostgreSQL, the local default;
 * - `postgres://…` / `postgresql://…`: a PostgreSQL server (tables in the default schema);
 * - `mysql://…`: MySQL 8 or MariaDB (tables in the URL's database).
 *
 * @example await openSpeedLayer('pglite:.ferry/speed-layer')
 */
export async function openSpeedLayer(url: string): Promise<SpeedLayerSink> {
  if (url.startsWith('pglite:')) {
    const target = url.slice('pglite:'.length);
    if (target === '')
      throw new FerryError(`speed layer ${JSON.stringify(url)} names no directory`, {
        hint: 'Use pglite:memory or pglite:<dir>',
      });
    return pgliteSpeedLayer(target);
  }
  // Each driver is loaded only when its URL asks for it, so a stage's bundle can leave the other one out.
  if (/^postgres(ql)?:\/\//.test(url)) return postgresSpeedLayer(await createPgPool(url), true);
  if (url.startsWith('mysql://')) {
    const { createPool } = await import('mysql2/promise');
    return mysqlSpeedLayer(createPool(mysqlPoolOptions(url)), true);
  }
  // Only the scheme is echoed: the rest of a URL may hold a password.
  throw new FerryError(`speed layer URL scheme ${JSON.stringify(url.split(':')[0])} is not one ferry knows`, {
    hint: 'Use pglite:<dir>, pglite:memory, postgres://…, postgresql://… or mysql://…',
  });
}
