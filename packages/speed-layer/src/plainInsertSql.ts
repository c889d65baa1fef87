/**
 * `INSERT INTO t (a, b) <source>`: the ledger's insert, and the unguarded baseline the benchmark compares the
 * guarded upsert with. `table` and `columns` are quoted; `source` is a dialect's `rowSource(…).sql`.
 */
export function plainInsertSql(table: string, columns: readonly string[], source: string): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) ${source}`;
}
