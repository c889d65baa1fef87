import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ColumnType } from '@ferry/core';
import type { DmsParquetElement } from '../src/index.js';

// Test helper: DuckDB as an independent reader of the files the testkit writes.

export async function openDuckDb(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  return instance.connect();
}

export async function query(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

function sqlText(path: string): string {
  return `'${path.replace(/'/g, "''")}'`;
}

/** DuckDB's own text for a column, in the canonical form (`canonicalText`); UTF8 columns as raw text. */
function textExpression(name: string, element: DmsParquetElement, type: ColumnType, parseText: boolean): string {
  const c = `"${name}"`;
  // DuckDB parses the DMS timestamp text and prints it back in canonical form.
  if (parseText) return `strftime(strptime(${c}, '%Y-%m-%d %H:%M:%S.%f'), '%Y-%m-%d %H:%M:%S.%f') || 'Z'`;
  if (element.converted_type === 'UTF8') return c;
  switch (type.kind) {
    case 'bytes':
      return `'\\x' || lower(hex(${c}))`;
    case 'date':
      return `strftime(${c}, '%Y-%m-%d')`;
    case 'timestamp':
      return `strftime(${c}, '%Y-%m-%d %H:%M:%S.%f')${type.utc ? ` || 'Z'` : ''}`;
    case 'float':
      return c; // read as a JS number, printed by String() like canonicalText does
    default:
      return `${c}::VARCHAR`;
  }
}

/**
 * Every row of a parquet file, in file order, each column as text: what DuckDB reads, not what the
 * testkit meant to write. Columns named in `timestampTexts` hold DMS timestamp text and come back as
 * canonical UTC timestamps.
 */
export async function readParquetText(
  conn: DuckDBConnection,
  path: string,
  columns: readonly { name: string; element: DmsParquetElement; type: ColumnType }[],
  timestampTexts: readonly string[] = [],
): Promise<Record<string, string | null>[]> {
  const select = columns
    .map((c) => `${textExpression(c.name, c.element, c.type, timestampTexts.includes(c.name))} AS "${c.name}"`)
    .join(', ');
  const rows = await query(
    conn,
    `SELECT ${select} FROM read_parquet(${sqlText(path)}, file_row_number = true) ORDER BY file_row_number`,
  );
  return rows.map((r) => {
    const out: Record<string, string | null> = {};
    for (const c of columns) {
      const v = r[c.name];
      out[c.name] = v === null || v === undefined ? null : String(v);
    }
    return out;
  });
}

export async function parquetSchema(conn: DuckDBConnection, path: string): Promise<Record<string, unknown>[]> {
  return query(
    conn,
    `SELECT name, type, type_length, repetition_type, converted_type, scale, precision, logical_type
     FROM parquet_schema(${sqlText(path)})`,
  );
}

export async function parquetMetadata(conn: DuckDBConnection, path: string): Promise<Record<string, unknown>[]> {
  return query(
    conn,
    `SELECT row_group_id, row_group_num_rows, path_in_schema, compression, encodings
     FROM parquet_metadata(${sqlText(path)})`,
  );
}
