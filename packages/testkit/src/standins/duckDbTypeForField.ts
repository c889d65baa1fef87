/** The DuckDB column type for a BigQuery schema field (`{ type, precision?, scale? }`). */
export function duckDbTypeForField(field: { type?: string; precision?: string; scale?: string }): string {
  const type = (field.type ?? 'STRING').toUpperCase();
  switch (type) {
    case 'INTEGER':
    case 'INT64':
      return 'BIGINT';
    case 'FLOAT':
    case 'FLOAT64':
      return 'DOUBLE';
    case 'NUMERIC':
    case 'BIGNUMERIC':
      // DuckDB stops at 38 digits: BIGNUMERIC(76,38) cannot be held, only BIGNUMERIC(p ≤ 38, s).
      return field.precision === undefined
        ? 'DECIMAL(38,9)'
        : `DECIMAL(${Math.min(Number(field.precision), 38)},${field.scale ?? 0})`;
    case 'BOOLEAN':
    case 'BOOL':
      return 'BOOLEAN';
    case 'BYTES':
      return 'BLOB';
    case 'DATE':
      return 'DATE';
    case 'TIME':
      return 'TIME';
    case 'DATETIME':
      return 'TIMESTAMP';
    case 'TIMESTAMP':
      return 'TIMESTAMPTZ';
    case 'JSON':
      return 'JSON';
    default:
      return 'VARCHAR';
  }
}
