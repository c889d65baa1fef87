import type { SnowflakeCommandToken } from './SnowflakeCommandToken.js';

/** Snowflake's backslash escapes in '…' literals (`\\N` is the two characters `\N`). */
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' };

/**
 * Cuts one stage command into tokens; comments are dropped. Throws a `SyntaxError` naming the position of
 * an unterminated literal or a character it does not know.
 */
export function tokenizeSnowflakeCommand(sql: string): SnowflakeCommandToken[] {
  const tokens: SnowflakeCommandToken[] = [];
  let i = 0;
  /** The end of a `"…"` identifier that starts at `from`. */
  const quotedEnd = (from: number): number => {
    let j = from + 1;
    while (j < sql.length) {
      if (sql[j] === '"' && sql[j + 1] === '"') j += 2;
      else if (sql[j] === '"') return j + 1;
      else j += 1;
    }
    throw new SyntaxError(`unterminated quoted identifier at position ${from}`);
  };
  while (i < sql.length) {
    const c = sql[i] as string;
    if (/\s/.test(c) || c === ';') {
      i += 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new SyntaxError(`unterminated string literal at position ${i}`);
        const d = sql[j] as string;
        if (d === "'" && sql[j + 1] === "'") {
          value += "'";
          j += 2;
        } else if (d === "'") {
          j += 1;
          break;
        } else if (d === '\\' && j + 1 < sql.length) {
          const e = sql[j + 1] as string;
          value += ESCAPES[e] ?? e;
          j += 2;
        } else {
          value += d;
          j += 1;
        }
      }
      tokens.push({ kind: 'string', value });
      i = j;
    } else if (c === '"') {
      const end = quotedEnd(i);
      tokens.push({ kind: 'quoted', value: sql.slice(i + 1, end - 1).replace(/""/g, '"') });
      i = end;
    } else if (c === '@') {
      // A stage reference runs to the next blank, comma, parenthesis or semicolon outside "…".
      let j = i + 1;
      while (j < sql.length && !/[\s,();]/.test(sql[j] as string)) j = sql[j] === '"' ? quotedEnd(j) : j + 1;
      tokens.push({ kind: 'stage', value: sql.slice(i + 1, j) });
      i = j;
    } else if (/^file:\/\//i.test(sql.slice(i, i + 7))) {
      let j = i;
      while (j < sql.length && !/[\s;]/.test(sql[j] as string)) j += 1;
      tokens.push({ kind: 'uri', value: sql.slice(i, j) });
      i = j;
    } else if (/[(),=.]/.test(c)) {
      tokens.push({ kind: 'punct', value: c });
      i += 1;
    } else if (/[A-Za-z0-9_$]/.test(c)) {
      let j = i;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j] as string)) j += 1;
      tokens.push({ kind: 'word', value: sql.slice(i, j).toUpperCase() });
      i = j;
    } else {
      throw new SyntaxError(`unexpected ${JSON.stringify(c)} at position ${i}`);
    }
  }
  return tokens;
}
