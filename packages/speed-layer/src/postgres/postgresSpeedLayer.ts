import type pg from 'pg';
import { SpeedLayerSink } from '../SpeedLayerSink.js';
import { pgClient } from './pgClient.js';
import { postgresDialect } from './postgresDialect.js';

/**
 * The speed layer on a PostgreSQL server over a `pg.Pool`; `owns`: end the pool with the sink
 * (`openSpeedLayer('postgres://…')` makes one that way). Tables go to the connection's default schema (`search_path`).
 * Nothing connects until first use, so an unreachable server surfaces as `SinkUnavailableError` there.
 */
export function postgresSpeedLayer(pool: pg.Pool, owns = false): SpeedLayerSink {
  return new SpeedLayerSink(pgClient(pool, owns), postgresDialect('postgres'), { ownsClient: owns });
}
