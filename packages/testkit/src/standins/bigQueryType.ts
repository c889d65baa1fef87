/**
 * The BigQuery type of a DuckDB column type (its text form, e.g. `DECIMAL(38,4)`). DECIMAL is NUMERIC
 * where NUMERIC holds it (≤ 29 integer digits, scale ≤ 9) and BIGNUMERIC otherwise.
 */
export function bigQueryType(duckDbType: string): string {
  const t = duckDbType.toUpperCase();
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
  if (decimal !== null) {
    const width = Number(decimal[1]);
    const scale = Number(decimal[2]);
    return width - scale <= 29 && scale <= 9 ? 'NUMERIC' : 'BIGNUMERIC';
  }
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER)$/.test(t)) return 'INTEGER';
  if (/^(UBIGINT|HUGEINT|UHUGEINT)$/.test(t)) return 'NUMERIC';
  if (/^(FLOAT|DOUBLE|REAL)$/.test(t)) return 'FLOAT';
  if (t === 'BOOLEAN') return 'BOOLEAN';
  if (t === 'BLOB') return 'BYTES';
  if (t === 'DATE') return 'DATE';
  if (t === 'TIME') return 'TIME';
  if (t === 'TIMESTAMP WITH TIME ZONE' || t === 'TIMESTAMPTZ') return 'TIMESTAMP';
  if (t.startsWith('TIMESTAMP')) return 'DATETIME';
  if (t === 'JSON') return 'JSON';
  return 'STRING';
}
