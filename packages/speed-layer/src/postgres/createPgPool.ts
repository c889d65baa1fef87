import type pg from 'pg';

/** A `pg` pool for a `postgres://` URL, failing fast when the server cannot be reached. */
export async function createPgPool(url: string): Promise<pg.Pool> {
  // Loaded when a PostgreSQL URL asks for it: a MySQL stage's bundle can leave the driver out.
  const { default: driver } = await import('pg');
  const pool = new driver.Pool({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // An idle connection the server drops must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return pool;
}
