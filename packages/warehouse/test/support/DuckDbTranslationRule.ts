/**
 * One rewrite of a cloud dialect's SQL into SQL DuckDB runs with the same meaning. Rules apply, in order, to the
 * SQL outside string literals and quoted identifiers, except `identifiers`, which rewrites quoted identifiers.
 */
export interface DuckDbTranslationRule {
  readonly why: string;
  readonly pattern: RegExp;
  readonly replace: (match: string, ...groups: string[]) => string;
  readonly identifiers?: true;
  /** A guard, not a rewrite: it throws on SQL the dialect must never generate (so it never fires in tests). */
  readonly refuses?: true;
}
