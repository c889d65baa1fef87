import { randomBytes } from 'node:crypto';
import type { ChangeSink, Sink } from '@ferry/core';
import {
  mysqlClient,
  mysqlDialect,
  mysqlPoolOptions,
  pgClient,
  postgresDialect,
  prepareMysqlDialect,
  SpeedLayerSink,
  type SqlClient,
} from '@ferry/speed-layer';
import { type TcpProxy, tcpProxy } from '@ferry/testkit';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { ChaosPlan } from './ChaosPlan.js';

export const POSTGRES_URL = process.env.FERRY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env.FERRY_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

/** A run's speed layer (see `openChaosSpeedLayer`). */
export interface ChaosSpeedLayer {
  /** What the merge worker writes through: the proxy, and the injector's client wrapper. */
  readonly sink: Sink & ChangeSink;
  /** The same tables over a direct connection, to check and to replay with. */
  readonly check: Sink & ChangeSink;
  /** Between `sink` and the server: `down()` is the database stopping, `up()` its restart. */
  readonly proxy: TcpProxy;
  close(): Promise<void>;
}

/**
 * A fresh, empty speed layer on the real server (a schema of its own on PostgreSQL, a database on MariaDB/MySQL),
 * reached by the merge worker through a TCP proxy that the plan takes down and up again.
 */
export async function openChaosSpeedLayer(
  kind: ChaosPlan['speedLayer'],
  wrap: (client: SqlClient) => SqlClient,
): Promise<ChaosSpeedLayer> {
  const name = `ferry_chaos_${randomBytes(5).toString('hex')}`;
  const server = new URL(kind === 'postgres' ? POSTGRES_URL : MYSQL_URL);
  const proxy = await tcpProxy(server.hostname, Number(server.port || (kind === 'postgres' ? 5432 : 3306)));
  const viaProxy = new URL(server);
  viaProxy.port = String(proxy.port);

  if (kind === 'postgres') {
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${name}`);
    const options = `-c search_path=${name}`;
    const pool = new pg.Pool({ connectionString: viaProxy.toString(), options, max: 2 });
    pool.on('error', () => undefined); // idle connections cut by the proxy
    const direct = new pg.Pool({ connectionString: POSTGRES_URL, options, max: 2 });
    return {
      sink: new SpeedLayerSink(wrap(pgClient(pool, false)), postgresDialect('postgres'), { ownsClient: false }),
      check: new SpeedLayerSink(pgClient(direct, false), postgresDialect('postgres'), { ownsClient: false }),
      proxy,
      async close() {
        await pool.end();
        await direct.end();
        await proxy.close();
        await admin.query(`DROP SCHEMA ${name} CASCADE`);
        await admin.end();
      },
    };
  }
  const admin = await mysql.createConnection(MYSQL_URL);
  await admin.query(`CREATE DATABASE ${name}`);
  viaProxy.pathname = `/${name}`;
  const directUrl = new URL(server);
  directUrl.pathname = `/${name}`;
  const pool = mysql.createPool(mysqlPoolOptions(viaProxy.toString()));
  pool.on('connection', (c) => c.on('error', () => undefined));
  const direct = mysql.createPool(mysqlPoolOptions(directUrl.toString()));
  const sinkOf = (client: SqlClient) =>
    new SpeedLayerSink(client, mysqlDialect(), {
      ownsClient: false,
      prepare: (session) => prepareMysqlDialect(session),
    });
  return {
    sink: sinkOf(wrap(mysqlClient(pool, false))),
    check: sinkOf(mysqlClient(direct, false)),
    proxy,
    async close() {
      await pool.end();
      await direct.end();
      await proxy.close();
      await admin.query(`DROP DATABASE ${name}`);
      await admin.end();
    },
  };
}
