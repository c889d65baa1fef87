import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import {
  type ColumnSpec,
  type ColumnType,
  FerryError,
  type FileChanges,
  type QueryResult,
  type Sink,
  type SinkResult,
  type SinkTable,
  type TableCommitStatus,
} from '@ferry/core';
import { commitStatus } from '../../src/commitStatus.js';
import { duckDbCanonicalText } from '../../src/duckdb/duckDbCanonicalText.js';
import { duckDbQueryCell } from '../../src/duckdb/duckDbQueryCell.js';
import { stageFile } from '../../src/duckdb/stageFile.js';
import {
  buildMergePlan,
  compileBookkeeping,
  compileReadLive,
  duckDbDialect,
  mergeFiles,
  type WarehouseDialect,
  type WarehouseSession,
} from '../../src/index.js';
import { mergedSince } from '../../src/mergedSince.js';
import { stagedType } from '../../src/stagedType.js';
import { translateToDuckDb } from './translateToDuckDb.js';

/** The DuckDB-typed table the Appender fills before its rows move into the dialect's own staging table. */
const LOAD = '_ferry_load';

/**
 * A warehouse dialect (Snowflake, BigQuery) executed on DuckDB: `mergeFiles` runs the statements that dialect
 * compiles, in the order and transaction layout its capabilities ask for (DDL and staging before `BEGIN`), each
 * passed through `translateToDuckDb` and nothing else. So what the merge does — dedupe, version guard,
 * deletes, ledger, added columns — is shown on a real engine, not read off the SQL text.
 *
 * Only staging is the test's own: the real adapters fill staging through their bulk paths (a BigQuery load job,
 * Snowflake binds or COPY); here the Appender fills a DuckDB-typed table, and `INSERT … SELECT` moves its rows
 * into the dialect's staging table, whose translated column types DuckDB casts them to.
 */
export class TranslatedWarehouse implements Sink {
  readonly dialect: string;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly sql: WarehouseDialect,
  ) {
    this.dialect = `${sql.name} (on duckdb)`;
  }

  static async open(dialect: WarehouseDialect): Promise<TranslatedWarehouse> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`SET TimeZone = 'UTC'`);
    return new TranslatedWarehouse(instance, connection, dialect);
  }

  async applyFiles(table: SinkTable, files: readonly FileChanges[]): Promise<SinkResult> {
    try {
      return await mergeFiles(this.session, this.sql, table, files);
    } catch (error) {
      if (error instanceof FerryError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(
        `${this.dialect}: loading ${files.map((f) => f.fileKey).join(', ')} into ${table.id} failed: ${message}`,
        { cause: error },
      );
    }
  }

  mergedSince(table: SinkTable, entryIds: readonly string[], since: Date): Promise<boolean> {
    return mergedSince(this.session, this.sql, table, entryIds, since);
  }

  commitStatus(
    entries: readonly { readonly table: SinkTable; readonly entryIds: readonly string[] }[],
    now: Date,
  ): Promise<TableCommitStatus[]> {
    return commitStatus(this.session, this.sql, entries, now);
  }

  async readRows(table: SinkTable, columns: readonly ColumnSpec[]): Promise<Record<string, string | null>[]> {
    const namespace = table.namespace!;
    const exists = await this.read(
      'SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2',
      [namespace, '_ferry_columns'],
    );
    if (exists.length === 0) return [];
    const registered = (
      await this.read(
        translateToDuckDb(this.sql.name, compileBookkeeping(namespace, this.sql, table.name).registeredColumns),
        [table.name],
      )
    ).map(([name, type]) => ({ name: name as string, type: JSON.parse(type as string) as ColumnType }));
    if (registered.length === 0) return [];
    const plan = buildMergePlan(table, registered);
    const known = new Set(registered.map((c) => c.name));
    const present = columns.filter((c) => known.has(c.name)).map((c) => c.name);
    const selected = present.length > 0 ? present : plan.keyColumns.map((c) => c.name);
    const rows = await this.read(translateToDuckDb(this.sql.name, compileReadLive(plan, this.sql, selected)));
    return rows.map((row) =>
      Object.fromEntries(
        columns.map((column) => {
          const index = selected.indexOf(column.name);
          return [column.name, index < 0 ? null : duckDbCanonicalText(column.type, row[index]!)];
        }),
      ),
    );
  }

  /** DuckDB SQL, as a test writes it to look at the tables. */
  async query(sql: string): Promise<QueryResult> {
    const reader = await this.connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRows().map((row) => row.map(duckDbQueryCell)) };
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private readonly session: WarehouseSession = {
    run: async (sql, params = []) => {
      await this.connection.run(translateToDuckDb(this.sql.name, sql), [...params]);
    },
    read: (sql, params = []) => this.read(translateToDuckDb(this.sql.name, sql), [...params]),
    stage: async (plan, merge, files) => {
      const q = duckDbDialect.quoteIdent;
      const columns = [
        ...plan.columns.map((c) => `${q(c.name)} ${duckDbDialect.typeName(stagedType(c.type))}`),
        ...[plan.meta.op, plan.meta.position, plan.meta.file].map((name) => `${q(name)} VARCHAR`),
      ];
      await this.connection.run(duckDbDialect.createTempTable(LOAD, `(${columns.join(', ')})`));
      const rowsPerFile: number[] = [];
      const appender = await this.connection.createAppender(LOAD, 'main', 'temp');
      try {
        for (const file of files) {
          rowsPerFile.push(await stageFile(appender, plan, file));
          appender.flushSync();
          await this.session.run(`INSERT INTO ${this.sql.tempTableRef(plan.staging)} SELECT * FROM ${q(LOAD)}`);
          await this.connection.run(`DELETE FROM ${q(LOAD)}`);
          await this.session.run(merge.stampFile, [file.fileKey]);
        }
      } finally {
        appender.closeSync();
        await this.connection.run(`DROP TABLE IF EXISTS ${q(LOAD)}`);
      }
      return rowsPerFile;
    },
  };

  private async read(sql: string, params: DuckDBValue[] = []): Promise<DuckDBValue[][]> {
    return (await this.connection.runAndReadAll(sql, params)).getRows();
  }
}
