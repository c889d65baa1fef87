import { sqlSegments } from './sqlSegments.js';

/** The upper-cased first keyword of a statement (comments and leading parentheses skipped). */
export function statementKeyword(sql: string): string {
  const code = sqlSegments(sql)
    .filter((s) => s.kind !== 'comment')
    .map((s) => s.text)
    .join('');
  return /^[\s(]*([A-Za-z]+)/.exec(code)?.[1]?.toUpperCase() ?? '';
}
