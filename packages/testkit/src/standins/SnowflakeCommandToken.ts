/**
 * A token of a Snowflake stage command (PUT, COPY INTO, LIST, REMOVE, CREATE/DROP STAGE).
 * - `word`: a bare word or number; `value` upper-cased (Snowflake folds unquoted names to upper case);
 * - `quoted`: a "…" identifier, `value` unescaped, case kept;
 * - `string`: a '…' literal, `value` unescaped;
 * - `stage`: `@…` as written after the `@` (name and path, quotes kept);
 * - `uri`: an unquoted `file://…` location;
 * - `punct`: one of `( ) , = .`.
 */
export interface SnowflakeCommandToken {
  readonly kind: 'word' | 'quoted' | 'string' | 'stage' | 'uri' | 'punct';
  readonly value: string;
}
