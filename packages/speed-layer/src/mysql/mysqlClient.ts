import { FerryError } from '@ferry/core';
import type { Pool, PoolConnection, ResultSetHeader } from 'mysql2/promise';
import type { SqlClient } from '../SqlClient.js';
import type { SqlResult } from '../SqlResult.js';
import type { SqlSession } from '../SqlSession.js';

/** mysql2's CLIENT_FOUND_ROWS capability bit. */
const FOUND_ROWS = 0x2;
/** Per query, so a pool passed in ready still returns exact values. */
const exact = { rowsAsArray: true, supportBigNumbers: true, bigNumberStrings: true, dateStrings: true } as const;

async function run(db: Pool | PoolConnection, sql: string, params: readonly unknown[] = []): Promise<SqlResult> {
  const [result, fields] = await db.query({ sql, ...exact }, params as unknown[]);
  if (Array.isArray(result)) {
    return { columns: (fields ?? []).map((f) => f.name), rows: result as unknown as unknown[][], affectedRows: 0 };
  }
  const header = result as ResultSetHeader;
  return { columns: [], rows: [], affectedRows: header.affectedRows, info: header.info };
}

/**
 * A mysql2 promise pool as the speed layer's `SqlClient`. The pool must count changed rows (no
 * CLIENT_FOUND_ROWS): create it with `mysqlPoolOptions`. `ownsPool`: end the pool on `close()`.
 */
export function mysqlClient(pool: Pool, ownsPool: boolean): SqlClient {
  const flags = (pool as { pool?: { config?: { connectionConfig?: { clientFlags?: number } } } }).pool?.config
    ?.connectionConfig?.clientFlags;
  if (flags !== undefined && (flags & FOUND_ROWS) !== 0) {
    throw new FerryError('mysql: the pool counts found rows (CLIENT_FOUND_ROWS), so upsert counts would be wrong', {
      hint: "Create the pool with mysqlPoolOptions(url), or add flags: ['-FOUND_ROWS']",
    });
  }
  return {
    query: (sql, params) => run(pool, sql, params),
    async transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
      const connection = await pool.getConnection();
      let broken = false;
      try {
        await connection.beginTransaction();
        const result = await fn({ query: (sql, params) => run(connection, sql, params) });
        await connection.commit();
        return result;
      } catch (error) {
        try {
          await connection.rollback();
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        // A connection that could not roll back is dropped, not handed out again.
        if (broken) connection.destroy();
        else connection.release();
      }
    },
    async close() {
      if (ownsPool) await pool.end();
    },
  };
}
