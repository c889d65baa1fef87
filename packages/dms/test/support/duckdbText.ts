import { DuckDBInstance } from '@duckdb/node-api';

export interface DuckDbText {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /**
   * Every value as exact text: BLOB as `\x` hex, VARCHAR as the hex of its UTF-8 bytes, timestamps and times as
   * integer micros (nanos for TIMESTAMP_NS), everything else cast to VARCHAR.
   */
  readonly rows: readonly (readonly (string | null)[])[];
}

/**
 * DuckDB's own read of a parquet file (`read_parquet`), the independent oracle of what the file holds. Columns
 * in `textTimestamps` are strings DuckDB casts to TIMESTAMP before taking their micros.
 */
export async function duckdbText(path: string, textTimestamps: readonly string[] = []): Promise<DuckDbText> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const source = `read_parquet('${path.replaceAll("'", "''")}')`;
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    const columns = described.getRowsJS().map((r) => ({ name: String(r[0]), type: String(r[1]) }));
    const expressions = columns.map(({ name, type }) => {
      const c = `"${name.replaceAll('"', '""')}"`;
      if (textTimestamps.includes(name)) return `epoch_us(CAST(${c} AS TIMESTAMP))::VARCHAR`;
      if (type === 'BLOB') return `'\\x' || lower(hex(${c}))`;
      // Text as UTF-8 hex: the JS client would drop a leading BOM, and ferry must not.
      if (type === 'VARCHAR' || type === 'JSON') return `lower(hex(encode(${c}::VARCHAR)))`;
      if (type === 'TIMESTAMP_NS') return `epoch_ns(${c})::VARCHAR`;
      if (type.startsWith('TIMESTAMP')) return `epoch_us(${c})::VARCHAR`;
      if (type.startsWith('TIME')) return `epoch_us(${c}::TIME)::VARCHAR`; // TIME, TIME WITH TIME ZONE (+00)
      return `${c}::VARCHAR`;
    });
    const result = await connection.runAndReadAll(`SELECT ${expressions.join(', ')} FROM ${source}`);
    const rows = result.getRowsJS().map((row) => row.map((v) => (v === null ? null : String(v))));
    return { columns, rows };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
