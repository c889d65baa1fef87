import { sqlSegments } from './sqlSegments.js';

/**
 * A rewrite of one function call: its arguments as written (split at top-level commas and trimmed, already
 * rewritten inside) → the replacement, or `undefined` to leave the call as it is.
 */
type CallRewrite = (args: string[]) => string | undefined;

/**
 * Rewrites calls of the functions named in `rules` (upper-case names), anywhere in code. Unlike a
 * per-segment rewrite, an argument may hold string literals, quoted identifiers and nested calls: the
 * parentheses and commas that count are those in code. Inner calls are rewritten before outer ones.
 */
export function rewriteCalls(sql: string, rules: Readonly<Record<string, CallRewrite>>): string {
  const segments = sqlSegments(sql);
  // Which characters are code (not inside a literal, quoted identifier or comment).
  const code: boolean[] = [];
  for (const s of segments) for (let i = 0; i < s.text.length; i++) code.push(s.kind === 'code');
  const text = segments.map((s) => s.text).join('');

  let out = '';
  let from = 0;
  // A regex of its own per call: the recursion below must not move this one's position.
  const call = /\b([A-Za-z_][A-Za-z0-9_$]*)\s*\(/g;
  for (let match = call.exec(text); match !== null; match = call.exec(text)) {
    const start = match.index;
    const rule = rules[(match[1] as string).toUpperCase()];
    if (rule === undefined || !code[start] || (start > 0 && text[start - 1] === '.')) continue;
    const open = start + match[0].length - 1;
    const args: string[] = [];
    let depth = 0;
    let argStart = open + 1;
    let close = -1;
    for (let i = open; i < text.length; i++) {
      if (!code[i]) continue;
      const c = text[i];
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) {
        close = i;
        break;
      } else if (c === ',' && depth === 1) {
        args.push(text.slice(argStart, i));
        argStart = i + 1;
      }
    }
    if (close < 0) continue; // unbalanced: leave it for DuckDB to report
    args.push(text.slice(argStart, close));
    const inner = args.map((a) => rewriteCalls(a, rules).trim());
    const replacement = rule(inner.length === 1 && inner[0] === '' ? [] : inner);
    if (replacement === undefined) continue;
    out += text.slice(from, start) + replacement;
    from = close + 1;
    call.lastIndex = close + 1;
  }
  return out + text.slice(from);
}
