import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import type { ChangeSink, Sink } from '@ferry/core';
import mysql from 'mysql2/promise';
import pg from 'pg';
import {
  openSpeedLayer,
  openSqlTarget,
  pgClient,
  pgliteClient,
  pgliteSpeedLayer,
  postgresDialect,
  postgresSpeedLayer,
  type SqlTarget,
} from '../src/index.js';

export const POSTGRES_URL = process.env.FERRY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env.FERRY_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

/** One isolated speed layer for one test file: its own database (PGlite), schema (PostgreSQL) or database (MySQL). */
export interface SpeedLayerUnderTest {
  readonly sink: Sink & ChangeSink;
  /** The same database as a raw client and dialect (for `writeBaseline`). */
  readonly target: SqlTarget;
  /** A URL of a server that refuses connections, for the retryable classification (none for PGlite). */
  readonly unreachableUrl: string | undefined;
  /** Drops what `open` created. Fails loudly, like `open`, when the server is missing. */
  dispose(): Promise<void>;
}

export interface DialectFactory {
  readonly name: 'pglite' | 'postgres' | 'mysql';
  open(): Promise<SpeedLayerUnderTest>;
}

const uniqueName = () => `ferry_test_${randomBytes(5).toString('hex')}`;

/** The same behaviour suite runs against each of these; a missing server fails the suite, never skips it. */
export const dialectFactories = {
  pglite: {
    name: 'pglite',
    async open() {
      const db = new PGlite();
      const sink = await pgliteSpeedLayer(db);
      return {
        sink,
        target: { client: pgliteClient(db, false), dialect: postgresDialect('pglite') },
        unreachableUrl: undefined,
        async dispose() {
          await sink.close();
          await db.close();
        },
      };
    },
  },
  postgres: {
    name: 'postgres',
    async open() {
      const schema = uniqueName();
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.end();
      // A ready pool (as a Lambda would pass its own), its default schema the test's own.
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}`, max: 3 });
      const sink = postgresSpeedLayer(pool);
      return {
        sink,
        target: { client: pgClient(pool, false), dialect: postgresDialect('postgres') },
        unreachableUrl: 'postgres://postgres@127.0.0.1:1/test',
        async dispose() {
          await sink.close();
          await pool.end();
          const drop = new pg.Client({ connectionString: POSTGRES_URL });
          await drop.connect();
          await drop.query(`DROP SCHEMA ${schema} CASCADE`);
          await drop.end();
        },
      };
    },
  },
  mysql: {
    name: 'mysql',
    async open() {
      const database = uniqueName();
      const admin = await mysql.createConnection(MYSQL_URL);
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.end();
      const url = new URL(MYSQL_URL);
      url.pathname = `/${database}`;
      const sink = await openSpeedLayer(url.toString());
      const target = await openSqlTarget(url.toString());
      return {
        sink,
        target,
        unreachableUrl: 'mysql://root@127.0.0.1:1/test',
        async dispose() {
          await sink.close();
          await target.client.close();
          const drop = await mysql.createConnection(MYSQL_URL);
          await drop.query(`DROP DATABASE ${database}`);
          await drop.end();
        },
      };
    },
  },
} as const satisfies Record<string, DialectFactory>;
