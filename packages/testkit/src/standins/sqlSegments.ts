import type { SqlSegment } from './SqlSegment.js';

/**
 * Cuts SQL into code and the literal pieces that a rewrite must leave alone (strings, quoted
 * identifiers, comments). Both warehouses escape a quote by doubling it; BigQuery's `\'` is honoured too.
 */
export function sqlSegments(sql: string): SqlSegment[] {
  const out: SqlSegment[] = [];
  let code = '';
  let i = 0;
  const flush = () => {
    if (code !== '') out.push({ kind: 'code', text: code });
    code = '';
  };
  while (i < sql.length) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      flush();
      out.push({ kind: 'comment', text: sql.slice(i, stop) });
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      flush();
      out.push({ kind: 'comment', text: sql.slice(i, stop) });
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === '\\' && c !== '"') j += 2;
        else if (sql[j] === c && sql[j + 1] === c) j += 2;
        else if (sql[j] === c) break;
        else j += 1;
      }
      flush();
      out.push({ kind: c === "'" ? 'string' : c === '"' ? 'quoted' : 'backtick', text: sql.slice(i, j + 1) });
      i = j + 1;
    } else {
      code += c;
      i += 1;
    }
  }
  flush();
  return out;
}
