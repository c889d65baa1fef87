import { sqlSegments } from './sqlSegments.js';

/** Applies `rewrite` to the code between literals and comments, leaving those untouched. */
export function mapCode(sql: string, rewrite: (code: string) => string): string {
  return sqlSegments(sql)
    .map((s) => (s.kind === 'code' ? rewrite(s.text) : s.text))
    .join('');
}
