import type { Pool } from 'mysql2/promise';
import { SpeedLayerSink } from '../SpeedLayerSink.js';
import { mysqlClient } from './mysqlClient.js';
import { mysqlDialect } from './mysqlDialect.js';
import { prepareMysqlDialect } from './prepareMysqlDialect.js';

/**
 * The speed layer on MySQL 8 or MariaDB 10.11 over a mysql2 promise pool made with `mysqlPoolOptions`; `owns`: end
 * the pool with the sink (`openSpeedLayer('mysql://…')` makes one that way). Tables go to the URL's
 * database. Nothing connects until first use, so an unreachable server surfaces as `SinkUnavailableError` there.
 */
export function mysqlSpeedLayer(pool: Pool, owns = false): SpeedLayerSink {
  return new SpeedLayerSink(mysqlClient(pool, owns), mysqlDialect(), {
    ownsClient: owns,
    prepare: (session) => prepareMysqlDialect(session),
  });
}
