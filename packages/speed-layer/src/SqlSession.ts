import type { SqlResult } from './SqlResult.js';

/** One connection's worth of SQL: run a statement with bound values. */
export interface SqlSession {
  /** Runs `text` with `params` bound to its placeholders (`$1…` or `?`, per dialect); values are never spliced. */
  query(text: string, params?: readonly unknown[]): Promise<SqlResult>;
}
