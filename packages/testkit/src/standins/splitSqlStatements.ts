import { sqlSegments } from './sqlSegments.js';

/** The statements of a script, split at `;` outside literals and comments; empty statements dropped. */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  for (const segment of sqlSegments(script)) {
    if (segment.kind !== 'code') {
      current += segment.text;
      continue;
    }
    const parts = segment.text.split(';');
    current += parts[0];
    for (const part of parts.slice(1)) {
      statements.push(current);
      current = part;
    }
  }
  statements.push(current);
  return statements
    .map((s) => s.trim())
    .filter((s) => sqlSegments(s).some((g) => g.kind !== 'comment' && g.text.trim() !== ''));
}
