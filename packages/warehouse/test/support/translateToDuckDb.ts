import type { DialectName } from '../../src/index.js';
import type { DuckDbTranslationRule } from './DuckDbTranslationRule.js';
import { duckDbTranslation } from './duckDbTranslation.js';

/** String literals ('…' with '' or \ escapes) and quoted identifiers ("…", `…`), which code rules skip. */
const QUOTED = /'(?:[^'\\]|\\.|'')*'|"(?:[^"]|"")*"|`(?:[^`\\]|\\.)*`/g;

/** `sql` of a cloud dialect as DuckDB runs it, through `duckDbTranslation[dialect]` only. */
export function translateToDuckDb(dialect: DialectName, sql: string): string {
  if (dialect === 'duckdb') return sql;
  const rules = duckDbTranslation[dialect];
  const apply = (text: string, rule: DuckDbTranslationRule) =>
    text.replace(rule.pattern, rule.replace as (match: string, ...groups: string[]) => string);
  // Quoted parts are masked while code rules run (a call's argument may hold one), then put back.
  const quoted: string[] = [];
  const masked = sql.replace(QUOTED, (part) => `\uE000${quoted.push(part) - 1}\uE001`);
  const code = rules.filter((r) => r.identifiers !== true).reduce(apply, masked);
  return code.replace(/\uE000(\d+)\uE001/g, (_, i: string) => {
    const part = quoted[Number(i)]!;
    return part.startsWith('`') ? rules.filter((r) => r.identifiers === true).reduce(apply, part) : part;
  });
}
