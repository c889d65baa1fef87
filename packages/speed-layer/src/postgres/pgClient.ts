import type pg from 'pg';
import type { SqlClient } from '../SqlClient.js';
import type { SqlResult } from '../SqlResult.js';
import type { SqlSession } from '../SqlSession.js';

const identity = (text: string) => text;
/** bool, int2, int4, oid, float4, float8 become JS values; every other type stays the server's exact text. */
const parsers: Record<number, (text: string) => unknown> = {
  16: (t) => t === 't',
  21: Number,
  23: Number,
  26: Number,
  700: Number,
  701: Number,
};
const exactTypes = {
  getTypeParser: ((oid: number) => parsers[oid] ?? identity) as pg.CustomTypesConfig['getTypeParser'],
};

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

async function run(db: Queryable, text: string, params: readonly unknown[] = []): Promise<SqlResult> {
  const r = await db.query({ text, values: params as unknown[], rowMode: 'array', types: exactTypes });
  return { columns: r.fields.map((f) => f.name), rows: r.rows, affectedRows: r.rowCount ?? 0 };
}

/**
 * A `pg` pool as the speed layer's `SqlClient`. Every query sets its own type parsers, so a pool passed in
 * ready returns exact text for numeric, int8, dates, times, timestamps and bytea whatever its defaults.
 * `ownsPool`: end the pool on `close()`.
 */
export function pgClient(pool: pg.Pool, ownsPool: boolean): SqlClient {
  return {
    query: (text, params) => run(pool, text, params),
    async transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
      const connection = await pool.connect();
      let broken: Error | undefined;
      // A connection lost while checked out (failover, restart) is reported as an 'error' event as well
      // as through the failing query; unheard, that event would crash the process. The query's rejection
      // carries the failure; the event only marks the connection as not to be reused.
      const lost = (error: Error) => {
        broken = error;
      };
      connection.on('error', lost);
      try {
        await connection.query('BEGIN');
        const result = await fn({ query: (text, params) => run(connection, text, params) });
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await connection.query('ROLLBACK');
        } catch (rollbackError) {
          // The connection is unusable: the pool must drop it rather than hand it out again.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      } finally {
        connection.off('error', lost);
        connection.release(broken);
      }
    },
    async close() {
      if (ownsPool) await pool.end();
    },
  };
}
