import type { DuckDBType } from '@duckdb/node-api';
import { DuckDBTypeId } from '@duckdb/node-api';

/** Snowflake's `rowtype` entry for a DuckDB result column (what the SDK reads to convert cells). */
export function snowflakeColumn(name: string, type: DuckDBType): Record<string, unknown> {
  const base = { name, database: '', schema: '', table: '', nullable: true, byteLength: null, length: null };
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { ...base, type: 'boolean', precision: null, scale: null };
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return { ...base, type: 'fixed', precision: 38, scale: 0 };
    case DuckDBTypeId.DECIMAL: {
      const t = type as unknown as { width: number; scale: number };
      return { ...base, type: 'fixed', precision: t.width, scale: t.scale };
    }
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return { ...base, type: 'real', precision: null, scale: null };
    case DuckDBTypeId.DATE:
      return { ...base, type: 'date', precision: null, scale: null };
    case DuckDBTypeId.TIME:
      return { ...base, type: 'time', precision: 0, scale: 9 };
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return { ...base, type: 'timestamp_ntz', precision: 0, scale: 9 };
    case DuckDBTypeId.TIMESTAMP_TZ:
      return { ...base, type: 'timestamp_tz', precision: 0, scale: 9 };
    case DuckDBTypeId.BLOB:
      return { ...base, type: 'binary', precision: null, scale: null, length: 8388608, byteLength: 8388608 };
    default:
      return { ...base, type: 'text', precision: null, scale: null, length: 16777216, byteLength: 16777216 };
  }
}
