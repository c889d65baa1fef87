import type pg from 'pg';
import { SpeedLayerSink } from '../SpeedLayerSink.js';
import { createPgPool } from './createPgPool.js';
import { pgClient } from './pgClient.js';
import { postgresDialect } from './postgresDialect.js';

/**
 * The speed layer on a PostgreSQL server: from a `postgres://` URL (the sink owns and ends its pool) or a
 * ready `pg.Pool` (left open for its owner). Tables go to the connection's default schema (`search_path`).
 * Nothing connects until first use, so an unreachable server surfaces as `SinkUnavailableError` there.
 */
export function postgresSpeedLayer(target: string | pg.Pool): SpeedLayerSink {
  const owns = typeof target === 'string';
  const pool = typeof target === 'string' ? createPgPool(target) : target;
  return new SpeedLayerSink(pgClient(pool, owns), postgresDialect('postgres'), { ownsClient: owns });
}
