import { mapCode } from './mapCode.js';
import { rewriteCalls } from './rewriteCalls.js';

/** Function calls DuckDB spells differently; arguments may hold literals and nested calls. */
const CALLS = {
  // PARSE_JSON(text) → a JSON value; DuckDB casts text to JSON.
  PARSE_JSON: (args: string[]) => (args.length === 1 ? `CAST(${args[0]} AS JSON)` : undefined),
  // DATE_PART(EPOCH_MICROSECOND, t): DuckDB's epoch_us(t), the same integer microseconds. Other parts pass.
  DATE_PART: (args: string[]) =>
    args.length === 2 && /^EPOCH_MICROSECONDS?$/i.test(args[0] as string) ? `epoch_us(${args[1]})` : undefined,
  // TIMESTAMP_NTZ_FROM_PARTS(date, time), the two-argument form: DuckDB adds a TIME to a DATE.
  TIMESTAMP_NTZ_FROM_PARTS: (args: string[]) => (args.length === 2 ? `(${args[0]} + ${args[1]})` : undefined),
};

/**
 * The default Snowflake → DuckDB rewrites, applied to code outside literals and comments (README §SQL
 * translations lists them with reasons). Everything else, MERGE, QUALIFY, transactions and quoting
 * included, reaches DuckDB as Snowflake wrote it.
 */
export function translateSnowflakeSql(sql: string): string {
  return mapCode(rewriteCalls(sql, CALLS), (code) =>
    code
      // `:1` numbered binds: DuckDB numbers parameters `$1` (`::` casts are left alone).
      .replace(/(?<![:\w]):(\d+)\b/g, '$$$1')
      // NUMBER(p,s) is Snowflake's DECIMAL; bare NUMBER means NUMBER(38,0).
      .replace(/\bNUMBER\s*\(/gi, 'DECIMAL(')
      .replace(/\bNUMBER\b/gi, 'DECIMAL(38,0)')
      // TIMESTAMP_NTZ is wall-clock; LTZ and TZ are instants. DuckDB keeps microseconds either way.
      .replace(/\bTIMESTAMP_NTZ(\s*\(\s*\d+\s*\))?/gi, 'TIMESTAMP')
      .replace(/\bTIMESTAMP_L?TZ(\s*\(\s*\d+\s*\))?/gi, 'TIMESTAMPTZ')
      // TIME(n): DuckDB's TIME takes no precision (always microseconds).
      .replace(/\bTIME\s*\(\s*\d+\s*\)/gi, 'TIME')
      // Snowflake's FLOAT, FLOAT4 and REAL are all 64-bit doubles; in DuckDB they are 32-bit.
      .replace(/\b(?:FLOAT4?|REAL)\b/gi, 'DOUBLE')
      .replace(/\bVARIANT\b/gi, 'JSON')
      .replace(/\b(?:VAR)?BINARY(\s*\(\s*\d+\s*\))?/gi, 'BLOB'),
  );
}
