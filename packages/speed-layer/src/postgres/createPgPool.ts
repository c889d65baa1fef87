import pg from 'pg';

/** A `pg` pool for a `postgres://` URL, failing fast when the server cannot be reached. */
export function createPgPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // An idle connection the server drops must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return pool;
}
