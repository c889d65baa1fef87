const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/**
 * One column of bound values (from the PostgreSQL `binder`) as an array literal, `{"a","b\"c",NULL}`: what
 * `pg` would send for a JS array, built in one pass. Every element is quoted, so only `"` and `\` need a
 * backslash; the regex runs only on strings that hold one. Buffers become `\\x…` hex, as `pg` writes them.
 */
export function pgArrayLiteral(values: readonly unknown[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'string') parts[i] = NEEDS_ESCAPE.test(v) ? `"${v.replace(ESCAPED, '\\$&')}"` : `"${v}"`;
    else if (v instanceof Uint8Array)
      parts[i] = `"\\\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}"`;
    else parts[i] = `"${String(v)}"`;
  }
  return `{${parts.join(',')}}`;
}
