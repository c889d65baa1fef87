import type { DialectName } from '../../src/index.js';
import type { DuckDbTranslationRule } from './DuckDbTranslationRule.js';

/** A function call `NAME(arg)` with one argument that may hold parentheses itself, as `CAST(@p1 AS STRING)`. */
function call(name: string, rewrite: (argument: string) => string): DuckDbTranslationRule['replace'] {
  return (match) => {
    const argument = match.slice(name.length + 1, -1);
    return rewrite(argument);
  };
}
const callPattern = (name: string) => new RegExp(`\\b${name}\\((?:[^()]|\\([^()]*\\))*\\)`, 'g');

/**
 * The translation table: everything that differs between what the Snowflake and BigQuery dialects generate and
 * what DuckDB executes with the same meaning. Nothing else is changed. Checked to need no translation,
 * because DuckDB accepts it with the same meaning:
 * - both: `MERGE … WHEN [NOT] MATCHED AND … THEN UPDATE | DELETE | INSERT`, `QUALIFY ROW_NUMBER() OVER (…) = 1`,
 *   `CREATE OR REPLACE TEMP[ORARY] TABLE … AS SELECT`, `SELECT * REPLACE (… AS x)`, `ALTER TABLE … ADD COLUMN IF NOT EXISTS`,
 *   `CREATE SCHEMA IF NOT EXISTS`, `CREATE OR REPLACE VIEW`, `INSERT … SELECT … UNION ALL SELECT`,
 *   `CURRENT_TIMESTAMP`, `BEGIN TRANSACTION`;
 * - Snowflake: `"x"` quoting, `COMMIT`, `ROLLBACK`, `BOOLEAN`, `VARCHAR`, `VARCHAR(1)`, `BINARY` (BLOB), `DATE`,
 *   `TO_JSON(variant)` (DuckDB's `to_json` of a JSON value is its JSON text);
 * - BigQuery: `COMMIT TRANSACTION`, `ROLLBACK TRANSACTION`, `BOOL`, `INT64`, `STRING`, `NUMERIC(P,S)`, `DATE`,
 *   `TIME`, `DATETIME` (DuckDB: a zone-less TIMESTAMP), `JSON`.
 */
export const duckDbTranslation: Record<Exclude<DialectName, 'duckdb'>, readonly DuckDbTranslationRule[]> = {
  snowflake: [
    { why: 'snowflake-sdk binds :1, :2, …; DuckDB $1, $2, …', pattern: /:(\d+)\b/g, replace: (_, n) => `$${n}` },
    {
      why: 'DuckDB has no NUMBER; DECIMAL(p,s) holds the same digits',
      pattern: /\bNUMBER\((\d+),(\d+)\)/g,
      replace: (_, p, s) => `DECIMAL(${p},${s})`,
    },
    {
      why: 'Snowflake FLOAT is a 64-bit double; DuckDB FLOAT is 32-bit',
      pattern: /\bFLOAT\b/g,
      replace: () => 'DOUBLE',
    },
    {
      why: 'TIMESTAMP_TZ is an instant: DuckDB TIMESTAMPTZ (no precision: always microseconds)',
      pattern: /\bTIMESTAMP_TZ\(\d\)/g,
      replace: () => 'TIMESTAMPTZ',
    },
    {
      why: 'TIMESTAMP_NTZ is a wall-clock reading: DuckDB TIMESTAMP (microseconds)',
      pattern: /\bTIMESTAMP_NTZ\(\d\)/g,
      replace: () => 'TIMESTAMP',
    },
    { why: 'DuckDB TIME takes no precision (always microseconds)', pattern: /\bTIME\(\d\)/g, replace: () => 'TIME' },
    { why: 'VARIANT holding JSON: DuckDB JSON', pattern: /\bVARIANT\b/g, replace: () => 'JSON' },
    {
      why: 'PARSE_JSON(text): DuckDB casts text to JSON',
      pattern: callPattern('PARSE_JSON'),
      replace: call('PARSE_JSON', (a) => `CAST(${a} AS JSON)`),
    },
    {
      why: "DATE_PART(EPOCH_MICROSECOND, t): DuckDB's epoch_us(t), the same integer microseconds",
      pattern: /\bDATE_PART\(EPOCH_MICROSECOND, /g,
      replace: () => 'epoch_us(',
    },
  ],
  bigquery: [
    {
      why: 'BigQuery quotes identifiers with backticks (\\ escapes); DuckDB with double quotes ("" escapes)',
      pattern: /`((?:[^`\\]|\\.)*)`/g,
      replace: (_, name) => `"${name.replace(/\\(.)/g, '$1').replaceAll('"', '""')}"`,
      identifiers: true,
    },
    {
      why: '@google-cloud/bigquery binds @p1, @p2, …; DuckDB $1, $2, …',
      pattern: /@p(\d+)\b/g,
      replace: (_, n) => `$${n}`,
    },
    { why: 'DuckDB has no FLOAT64', pattern: /\bFLOAT64\b/g, replace: () => 'DOUBLE' },
    { why: 'DuckDB has no BYTES', pattern: /\bBYTES\b/g, replace: () => 'BLOB' },
    {
      why: 'BIGNUMERIC(P,S) with P ≤ 38 is a DuckDB DECIMAL; wider ones cannot run on DuckDB',
      pattern: /\bBIGNUMERIC\((\d+),(\d+)\)/g,
      replace: (_, p, s) => {
        if (Number(p) > 38) throw new RangeError(`DuckDB cannot hold BIGNUMERIC(${p},${s}): no test can run it here`);
        return `DECIMAL(${p},${s})`;
      },
    },
    {
      why: 'an unparameterized NUMERIC is (38,9) in BigQuery but (18,3) in DuckDB: the dialect must never emit one',
      pattern: /\bNUMERIC\b(?!\()|\bBIGNUMERIC\b(?!\()/g,
      replace: (m) => {
        throw new RangeError(`${m} without precision means different types in BigQuery and DuckDB`);
      },
      refuses: true,
    },
    {
      why: 'BigQuery TIMESTAMP is an instant (DuckDB TIMESTAMPTZ); DuckDB TIMESTAMP is a wall-clock reading',
      pattern: /\bTIMESTAMP\b/g,
      replace: () => 'TIMESTAMPTZ',
    },
    {
      why: 'PARSE_JSON(text): DuckDB casts text to JSON',
      pattern: callPattern('PARSE_JSON'),
      replace: call('PARSE_JSON', (a) => `CAST(${a} AS JSON)`),
    },
    {
      why: 'TO_JSON_STRING(json): DuckDB casts JSON to its text',
      pattern: callPattern('TO_JSON_STRING'),
      replace: call('TO_JSON_STRING', (a) => `CAST(${a} AS VARCHAR)`),
    },
    {
      why: "UNIX_MICROS(t): DuckDB's epoch_us(t), the same integer microseconds",
      pattern: /\bUNIX_MICROS\(/g,
      replace: () => 'epoch_us(',
    },
  ],
};
