import { mapCode } from './mapCode.js';

/**
 * The default Snowflake → DuckDB rewrites, applied to code outside literals and comments (README §SQL
 * translations lists them with reasons). Everything else, MERGE, QUALIFY, transactions and quoting
 * included, reaches DuckDB as Snowflake wrote it.
 */
export function translateSnowflakeSql(sql: string): string {
  return mapCode(sql, (code) =>
    code
      // `:1` numbered binds: DuckDB numbers parameters `$1` (`::` casts are left alone).
      .replace(/(?<![:\w]):(\d+)\b/g, '$$$1')
      // NUMBER(p,s) is Snowflake's DECIMAL; bare NUMBER means NUMBER(38,0).
      .replace(/\bNUMBER\s*\(/gi, 'DECIMAL(')
      .replace(/\bNUMBER\b/gi, 'DECIMAL(38,0)')
      // TIMESTAMP_NTZ is wall-clock; LTZ and TZ are instants. DuckDB keeps microseconds either way.
      .replace(/\bTIMESTAMP_NTZ(\s*\(\s*\d+\s*\))?/gi, 'TIMESTAMP')
      .replace(/\bTIMESTAMP_L?TZ(\s*\(\s*\d+\s*\))?/gi, 'TIMESTAMPTZ')
      .replace(/\bVARIANT\b/gi, 'JSON')
      .replace(/\b(?:VAR)?BINARY(\s*\(\s*\d+\s*\))?/gi, 'BLOB'),
  );
}
