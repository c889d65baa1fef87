import type { SqlSession } from './SqlSession.js';

/**
 * The database port the speed layer needs, sized to what it uses (like Kysely's `MysqlPool` subset):
 * statements, a transaction, and closing. Adapters wrap `pg`, PGlite and `mysql2` pools in it.
 */
export interface SqlClient extends SqlSession {
  /** Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
  /** Releases what the adapter opened itself; a client passed in ready is left to its owner. */
  close(): Promise<void>;
}
