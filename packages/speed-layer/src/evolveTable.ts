import {
  type ColumnType,
  columnTypeChange,
  DmsFileError,
  type FileChanges,
  isSafeIdentifier,
  metaColumns,
  SchemaChangeError,
  type SinkTable,
  SinkUnavailableError,
} from '@ferry/core';
import { asText } from './asText.js';
import { ferryTables } from './ferryTables.js';
import { isDuplicateKey } from './isDuplicateKey.js';
import type { LayoutColumn } from './LayoutColumn.js';
import { metaTypes } from './metaTypes.js';
import { plainInsertSql } from './plainInsertSql.js';
import type { SpeedLayerDialect } from './SpeedLayerDialect.js';
import type { SqlSession } from './SqlSession.js';
import type { TableLayout } from './TableLayout.js';
import { tableColumns } from './tableColumns.js';

/**
 * Makes `table` ready for `files`: creates it, or adds the columns a later file brings, and records each
 * column's ferry type. Every file's types are judged first (`columnTypeChange`), so an incompatible one throws
 * `SchemaChangeError` before anything is written. The DDL runs before, not inside, the data transaction
 * (MySQL commits DDL implicitly) and is idempotent: columns are checked in the catalog before they are added.
 */
export async function evolveTable(
  session: SqlSession,
  dialect: SpeedLayerDialect,
  table: SinkTable,
  files: readonly FileChanges[],
): Promise<TableLayout> {
  const q = (name: string) => dialect.quote(name);
  const p = (i: number) => dialect.param(i);
  for (const file of files) checkFileColumns(table, file);

  const recorded = new Map<string, ColumnType>();
  const rec = await session.query(
    `SELECT ${q('column_name')}, ${q('column_type')} FROM ${q(ferryTables.columns)} WHERE ${q('table_id')} = ${p(0)}`,
    [table.id],
  );
  for (const [name, type] of rec.rows) recorded.set(asText(name), JSON.parse(asText(type)) as ColumnType);
  const existing = await tableColumns(session, dialect, table.name);

  const held = new Map(recorded);
  const additions: { name: string; sql: string }[] = [];
  for (const file of files) {
    for (const column of file.columns) {
      const before = held.get(column.name);
      if (before !== undefined) {
        const change = columnTypeChange(before, column.type);
        if (typeof change === 'object') throw new SchemaChangeError(table.id, column.name, change.reason);
        continue;
      }
      const key = table.keyColumns.includes(column.name);
      if (key && existing.size > 0 && !existing.has(column.name)) {
        throw new SchemaChangeError(table.id, column.name, 'is a primary-key column the existing table does not have');
      }
      const mapping = dialect.columnType(column.type, key);
      if ('reason' in mapping) throw new SchemaChangeError(table.id, column.name, mapping.reason);
      held.set(column.name, mapping.holds);
      additions.push({ name: column.name, sql: mapping.sql });
    }
  }

  const quotedTable = q(table.name);
  // A new column's DDL comes from its file's type; a recorded one's from the type recorded for it.
  const ddl = (name: string) => {
    const key = table.keyColumns.includes(name);
    const added = additions.find((a) => a.name === name);
    if (added !== undefined) return { sql: added.sql, key };
    const mapping = dialect.columnType(held.get(name)!, key);
    if ('reason' in mapping) throw new SchemaChangeError(table.id, name, mapping.reason);
    return { sql: mapping.sql, key };
  };
  let present = existing;
  if (existing.size === 0) {
    // Every column held, recorded ones too: the table may have been dropped while its types stayed recorded.
    const defs = [...held.keys()].map((name) => {
      const d = ddl(name);
      return `${q(name)} ${d.sql}${d.key ? ' NOT NULL' : ''}`;
    });
    defs.push(`${q(metaColumns.position)} ${dialect.positionType} NOT NULL`);
    defs.push(`${q(metaColumns.file)} ${dialect.fileType} NOT NULL`);
    defs.push(`PRIMARY KEY (${table.keyColumns.map(q).join(', ')})`);
    try {
      await session.query(`CREATE TABLE IF NOT EXISTS ${quotedTable} (${defs.join(', ')})${dialect.tableOptions}`);
    } catch (error) {
      // Two workers creating the same new table at once: PostgreSQL lets one fail on its catalog's unique
      // index even with IF NOT EXISTS. The table exists now, so a retry goes through.
      if ((await tableColumns(session, dialect, table.name)).size === 0) throw error;
      throw new SinkUnavailableError(dialect.name, `${table.id}: another writer created the table at the same time`, {
        cause: error,
      });
    }
    // IF NOT EXISTS is silent when a concurrent writer created the table first, with its own columns.
    present = await tableColumns(session, dialect, table.name);
  }
  // Every held column the table lacks, recorded or not: a writer that raced this one may have recorded a
  // column in its table's types while the table was created without it.
  for (const name of held.keys()) {
    if (present.has(name)) continue;
    try {
      await session.query(`ALTER TABLE ${quotedTable} ADD COLUMN ${q(name)} ${ddl(name).sql}`);
    } catch (error) {
      // A concurrent writer added it first ("duplicate column"): what this call needs is there.
      if (!(await tableColumns(session, dialect, table.name)).has(name)) throw error;
    }
  }
  if (additions.length > 0) {
    const cols = ['table_id', 'column_name', 'column_type'].map(q);
    const rows = additions.map((a) => [table.id, a.name, JSON.stringify(held.get(a.name))]);
    const source = dialect.rowSource([metaTypes.text, metaTypes.text, metaTypes.text], rows);
    try {
      await session.query(plainInsertSql(q(ferryTables.columns), cols, source.sql), source.params);
    } catch (error) {
      if (!isDuplicateKey(error, dialect)) throw error;
      throw new SinkUnavailableError(
        dialect.name,
        `${table.id}: another writer added the same columns (${additions.map((a) => a.name).join(', ')}) at the same time`,
        {
          cause: error,
        },
      );
    }
  }

  const columns: LayoutColumn[] = [...held].map(([name, type]) => ({ name, quoted: q(name), held: type }));
  const keys = table.keyColumns.map((k) => columns.findIndex((c) => c.name === k));
  return { tableId: table.id, table: quotedTable, columns, keys };
}

/** A file's columns must be safe, ferry-prefix-free identifiers and include every key column. */
function checkFileColumns(table: SinkTable, file: FileChanges): void {
  const names = new Set<string>();
  for (const { name } of file.columns) {
    if (!isSafeIdentifier(name) || name.toLowerCase().startsWith('_ferry_')) {
      throw new DmsFileError(file.fileKey, `column ${JSON.stringify(name)} cannot be a speed-layer column`, {
        hint: 'Column names must be letters, digits and _ (at most 63), not starting with _ferry_; rename it in the mapping',
      });
    }
    names.add(name);
  }
  for (const key of table.keyColumns) {
    if (!names.has(key)) {
      throw new DmsFileError(file.fileKey, `has no primary-key column "${key}" (table ${table.id})`, {
        hint: 'Check the mapping’s primaryKey against the file’s columns',
      });
    }
  }
}
