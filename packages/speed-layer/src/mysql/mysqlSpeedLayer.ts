import mysql, { type Pool } from 'mysql2/promise';
import { SpeedLayerSink } from '../SpeedLayerSink.js';
import { mysqlClient } from './mysqlClient.js';
import { mysqlDialect } from './mysqlDialect.js';
import { mysqlPoolOptions } from './mysqlPoolOptions.js';
import { prepareMysqlDialect } from './prepareMysqlDialect.js';

/**
 * The speed layer on MySQL 8 or MariaDB 10.11: from a `mysql://` URL (the sink owns and ends its pool) or a
 * ready mysql2 promise pool made with `mysqlPoolOptions` (left open for its owner). Tables go to the URL's
 * database. Nothing connects until first use, so an unreachable server surfaces as `SinkUnavailableError` there.
 */
export function mysqlSpeedLayer(target: string | Pool): SpeedLayerSink {
  const owns = typeof target === 'string';
  const pool = typeof target === 'string' ? mysql.createPool(mysqlPoolOptions(target)) : target;
  return new SpeedLayerSink(mysqlClient(pool, owns), mysqlDialect(), {
    ownsClient: owns,
    prepare: (session) => prepareMysqlDialect(session),
  });
}
