/**
 * Whether `name` is an identifier every target dialect accepts as it is (DESIGN.md invariant 7):
 * letters, digits and `_`, starting with a letter or `_` (BigQuery's rule), at most 63 characters
 * (PostgreSQL's limit, the smallest of the sinks). Dialects still quote it.
 */
export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function isSafeIdentifier(name: string): boolean {
  return IDENTIFIER_PATTERN.test(name);
}
