import { rewriteCalls } from './rewriteCalls.js';
import { sqlSegments } from './sqlSegments.js';

/** A backtick path `project.dataset.table` as DuckDB's "dataset"."table" (datasets are DuckDB schemas). */
function backtickPath(text: string): string {
  const parts = text.slice(1, -1).split('.');
  // The project is dropped: one stand-in is one project.
  const kept = parts.length === 3 ? parts.slice(1) : parts;
  return kept.map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
}

/** The JSON functions of GoogleSQL that DuckDB spells as casts; arguments may hold literals and nested calls. */
const CALLS = {
  // PARSE_JSON(text): DuckDB casts text to JSON.
  PARSE_JSON: (args: string[]) => (args.length === 1 ? `CAST(${args[0]} AS JSON)` : undefined),
  // TO_JSON_STRING(json): DuckDB casts a JSON value to its text.
  TO_JSON_STRING: (args: string[]) => (args.length === 1 ? `CAST(${args[0]} AS VARCHAR)` : undefined),
  // UNIX_MICROS(timestamp): DuckDB's epoch_us, the same integer microseconds.
  UNIX_MICROS: (args: string[]) => (args.length === 1 ? `epoch_us(${args[0]})` : undefined),
};

function rewriteCode(code: string, atStart: boolean): string {
  let out = code
    // Named query parameters: BigQuery writes @name, DuckDB $name.
    .replace(/(?<![@\w])@(\w+)/g, '$$$1')
    // One pass, so TIMESTAMP→TIMESTAMPTZ does not see the TIMESTAMP that DATETIME became. TIMESTAMP(…)
    // as a function is left alone.
    .replace(/\bBIGNUMERIC\s*\(/gi, 'DECIMAL(')
    .replace(/\b(INT64|FLOAT64|BIGNUMERIC|BYTES|DATETIME|TIMESTAMP(?!\s*\()|BOOL)\b/gi, (word: string) => {
      switch (word.toUpperCase()) {
        case 'INT64':
          return 'BIGINT';
        case 'FLOAT64':
          return 'DOUBLE';
        case 'BIGNUMERIC':
          return 'DECIMAL(38,9)';
        case 'BYTES':
          return 'BLOB';
        case 'DATETIME':
          return 'TIMESTAMP';
        case 'TIMESTAMP':
          return 'TIMESTAMPTZ';
        default:
          return 'BOOLEAN';
      }
    })
    // Bare NUMERIC is NUMERIC(38,9) in BigQuery; DuckDB's bare NUMERIC is (18,3).
    .replace(/\bNUMERIC\b(?!\s*\()/gi, 'DECIMAL(38,9)');
  if (atStart) {
    // BigQuery lets INTO and FROM be omitted: `MERGE t`, `INSERT t (…)`, `DELETE t WHERE …`.
    out = out
      .replace(/^(\s*)MERGE\s+(?!INTO\b)/i, '$1MERGE INTO ')
      .replace(/^(\s*)INSERT\s+(?!INTO\b)/i, '$1INSERT INTO ')
      .replace(/^(\s*)DELETE\s+(?!FROM\b)/i, '$1DELETE FROM ');
  }
  return out;
}

/**
 * The default BigQuery (GoogleSQL) → DuckDB rewrites for one statement, applied outside string
 * literals and comments (README §SQL translations lists them with reasons). MERGE, QUALIFY and
 * BEGIN/COMMIT TRANSACTION reach DuckDB as BigQuery wrote them.
 */
export function translateBigQuerySql(sql: string): string {
  let first = true;
  return sqlSegments(rewriteCalls(sql, CALLS))
    .map((segment) => {
      if (segment.kind === 'backtick') {
        first = false;
        return backtickPath(segment.text);
      }
      if (segment.kind !== 'code') return segment.text;
      const text = rewriteCode(segment.text, first);
      if (segment.text.trim() !== '') first = false;
      return text;
    })
    .join('');
}
