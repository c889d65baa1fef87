import { type ColumnSpec, metaColumns, SchemaChangeError, type TableChanges } from '@ferry/core';
import { metaTypes } from './metaTypes.js';
import { plainInsertSql } from './plainInsertSql.js';
import type { SqlTarget } from './SqlTarget.js';
import { statementBatches } from './statementBatches.js';

/**
 * Writes `chunks` into table `name` without ferry's machinery, for `pnpm bench` to compare the guarded path with
 * (in one transaction, the table created like the sink creates it if missing):
 * - `multi-row`: a plain, unguarded multi-row INSERT in the guarded path's own statement form and size
 *   (no dedupe, tombstones, version guard or ledger), so the comparison isolates what the guarantees cost;
 * - `per-row`: the naive loop, one guarded upsert statement per row.
 * Returns the rows written. The caller drops the table between runs.
 */
export async function writeBaseline(
  target: SqlTarget,
  name: string,
  columns: readonly ColumnSpec[],
  keyColumns: readonly string[],
  chunks: AsyncIterable<TableChanges> | Iterable<TableChanges>,
  mode: 'multi-row' | 'per-row',
): Promise<number> {
  const { client, dialect } = target;
  const q = (n: string) => dialect.quote(n);
  const defs = columns.map((c) => {
    const key = keyColumns.includes(c.name);
    const mapping = dialect.columnType(c.type, key);
    if ('reason' in mapping) throw new SchemaChangeError(name, c.name, mapping.reason);
    return `${q(c.name)} ${mapping.sql}${key ? ' NOT NULL' : ''}`;
  });
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${q(name)} (${defs.join(', ')}, ${q(metaColumns.position)} ${dialect.positionType} NOT NULL, ${q(metaColumns.file)} ${dialect.fileType} NOT NULL, PRIMARY KEY (${keyColumns.map(q).join(', ')}))${dialect.tableOptions}`,
  );
  const names = [...columns.map((c) => q(c.name)), q(metaColumns.file), q(metaColumns.position)];
  const types = [...columns.map((c) => c.type), metaTypes.text, metaTypes.text];
  const binders = columns.map((c) => dialect.binder(c.type));
  const perRow = mode === 'per-row' ? { ...dialect, maxRowsPerStatement: 1 } : dialect;
  let written = 0;
  await client.transaction(async (tx) => {
    for await (const chunk of chunks) {
      const index = columns.map((c) => chunk.columns.findIndex((cc) => cc.name === c.name));
      const rows = Array.from({ length: chunk.rowCount }, (_, r) => {
        const row: unknown[] = index.map((i, c) => {
          const v = i < 0 ? null : (chunk.values[i]![r] ?? null);
          return v === null ? null : binders[c]!(v);
        });
        row.push('baseline', chunk.positions[r]);
        return row;
      });
      // The multi-row baseline keeps one statement in flight, as the guarded path does, so the two differ
      // only by the guard, dedupe, tombstones and ledger; the per-row loop stays naive and waits for each.
      let inFlight: Promise<unknown> | undefined;
      for (const batch of statementBatches(rows, perRow)) {
        const source = dialect.rowSource(types, batch);
        const sql =
          mode === 'per-row'
            ? dialect.guardedUpsert({
                table: q(name),
                columns: names,
                keyColumns: keyColumns.map(q),
                version: q(metaColumns.position),
                source: source.sql,
              })
            : plainInsertSql(q(name), names, source.sql);
        const sent = tx.query(sql, source.params);
        sent.catch(() => {});
        if (mode === 'per-row') await sent;
        else if (inFlight) await inFlight;
        inFlight = sent;
        written += batch.length;
      }
      await inFlight;
    }
  });
  return written;
}
