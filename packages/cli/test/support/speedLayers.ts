import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import type { Sink } from '@ferry/core';
import { openSpeedLayer, pgliteSpeedLayer, postgresSpeedLayer } from '@ferry/speed-layer';
import mysql from 'mysql2/promise';
import pg from 'pg';

export const POSTGRES_URL = process.env.FERRY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env.FERRY_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

/** A speed-layer dialect that hands out one fresh, isolated database per workload. */
export interface SpeedLayerPool {
  readonly name: 'pglite' | 'postgres' | 'mysql';
  /** An empty speed layer; `dispose` drops it. A missing server fails here, loudly. */
  fresh(): Promise<{ sink: Sink; dispose(): Promise<void> }>;
  close(): Promise<void>;
}

const uniqueName = () => `ferry_e2e_${randomBytes(5).toString('hex')}`;

/** PGlite takes seconds to boot, so one instance serves every workload, each in its own schema. */
export async function pglitePool(): Promise<SpeedLayerPool> {
  const db = await PGlite.create();
  return {
    name: 'pglite',
    async fresh() {
      const schema = uniqueName();
      await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
      const sink = await pgliteSpeedLayer(db);
      return {
        sink,
        async dispose() {
          await sink.close();
          await db.exec(`SET search_path TO public; DROP SCHEMA ${schema} CASCADE`);
        },
      };
    },
    close: () => db.close(),
  };
}

export function postgresPool(): SpeedLayerPool {
  const admin = () => new pg.Client({ connectionString: POSTGRES_URL });
  return {
    name: 'postgres',
    async fresh() {
      const schema = uniqueName();
      const c = admin();
      await c.connect();
      await c.query(`CREATE SCHEMA ${schema}`);
      await c.end();
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}`, max: 2 });
      const sink = postgresSpeedLayer(pool);
      return {
        sink,
        async dispose() {
          await sink.close();
          await pool.end();
          const d = admin();
          await d.connect();
          await d.query(`DROP SCHEMA ${schema} CASCADE`);
          await d.end();
        },
      };
    },
    close: async () => {},
  };
}

export function mysqlPool(): SpeedLayerPool {
  return {
    name: 'mysql',
    async fresh() {
      const database = uniqueName();
      const c = await mysql.createConnection(MYSQL_URL);
      await c.query(`CREATE DATABASE ${database}`);
      await c.end();
      const url = new URL(MYSQL_URL);
      url.pathname = `/${database}`;
      const sink = await openSpeedLayer(url.toString());
      return {
        sink,
        async dispose() {
          await sink.close();
          const d = await mysql.createConnection(MYSQL_URL);
          await d.query(`DROP DATABASE ${database}`);
          await d.end();
        },
      };
    },
    close: async () => {},
  };
}
