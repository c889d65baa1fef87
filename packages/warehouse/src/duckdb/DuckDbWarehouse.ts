import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
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
  SinkUnavailableError,
  type TableCommitStatus,
} from '@ferry/core';
import { buildMergePlan } from '../buildMergePlan.js';
import { commitStatus } from '../commitStatus.js';
import { compileBookkeeping } from '../compileBookkeeping.js';
import { compileReadLive } from '../compileReadLive.js';
import { mergedSince } from '../mergedSince.js';
import { mergeFiles } from '../mergeFiles.js';
import type { WarehouseDialect } from '../WarehouseDialect.js';
import type { WarehouseSession } from '../WarehouseSession.js';
import { warehouseNames } from '../warehouseNames.js';
import type { DuckDbWarehouseOptions } from './DuckDbWarehouseOptions.js';
import { duckDbCanonicalText } from './duckDbCanonicalText.js';
import { duckDbDialect } from './duckDbDialect.js';
import { duckDbQueryCell } from './duckDbQueryCell.js';
import { stageFile } from './stageFile.js';

/**
 * The local warehouse: DuckDB in-process (a file, or `:memory:`), implementing core `Sink`.
 *
 * `applyFiles` runs in one transaction: skip files already in `<namespace>._ferry_ledger`, evolve the table
 * from the files' columns, stage every row with DuckDB's Appender, deduplicate per key, classify, MERGE with
 * the version guard, write tombstones and ledger rows, commit — or roll everything back. Calls on one
 * instance run one at a time, since a DuckDB connection holds one transaction.
 *
 * Objects per target table `<ns>.<table>`: the table itself; `<ns>.<table>_live`, the view of live rows
 * (`deletes: soft`); `<ns>._ferry_tombstones_<table>` (`deletes: hard`); per namespace `<ns>._ferry_ledger` and
 * `<ns>._ferry_columns`.
 *
 * `SinkResult.rows` counts the change rows of the committed files; `inserted`, `updated` and `deleted` classify
 * the newest change per key (see `MergeOutcome`); every other change (refused by the guard, or superseded
 * inside the batch) is `stale`, so the four add up to `rows`.
 */
export class DuckDbWarehouse implements Sink {
  readonly dialect = 'duckdb';
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly sql: WarehouseDialect,
  ) {}

  /**
   * Opens (creating when missing, with its folder) the DuckDB database at `path`, or an in-memory one for
   * `':memory:'`. Throws `SinkUnavailableError` while another process holds the file's lock, and a terminal
   * `FerryError` for a path that cannot be created or a file that is not a DuckDB database.
   */
  static async open(path: string, options: DuckDbWarehouseOptions = {}): Promise<DuckDbWarehouse> {
    try {
      if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
      const instance = await DuckDBInstance.create(path);
      const connection = await instance.connect();
      // TIMESTAMPTZ values are instants; UTC keeps DuckDB from shifting them into the machine's zone.
      await connection.run(`SET TimeZone = 'UTC'`);
      return new DuckDbWarehouse(instance, connection, options.dialect ?? duckDbDialect);
    } catch (cause) {
      const message = messageOf(cause);
      // Another process holding the file's lock lets go eventually; a bad path or a non-DuckDB file does not.
      if (/lock/i.test(message)) {
        throw new SinkUnavailableError(`duckdb ${path}`, `cannot open the database: ${message}`, { cause });
      }
      throw new FerryError(`duckdb ${path}: cannot open the database: ${message}`, {
        hint: 'Check the warehouse path (--warehouse duckdb:<file>)',
        cause,
      });
    }
  }

  applyFiles(table: SinkTable, files: readonly FileChanges[]): Promise<SinkResult> {
    return this.exclusive(() => this.applyNow(table, files));
  }

  readRows(table: SinkTable, columns: readonly ColumnSpec[]): Promise<Record<string, string | null>[]> {
    return this.exclusive(() => this.readNow(table, columns));
  }

  query(sql: string): Promise<QueryResult> {
    return this.exclusive(async () => {
      try {
        const reader = await this.connection.runAndReadAll(sql);
        return { columns: reader.columnNames(), rows: reader.getRows().map((row) => row.map(duckDbQueryCell)) };
      } catch (cause) {
        throw new FerryError(`duckdb: query failed: ${messageOf(cause)}`, { cause });
      }
    });
  }

  close(): Promise<void> {
    return this.exclusive(async () => {
      this.connection.closeSync();
      this.instance.closeSync();
    });
  }

  mergedSince(table: SinkTable, entryIds: readonly string[], since: Date): Promise<boolean> {
    return this.exclusive(() => mergedSince(this.session, this.sql, table, entryIds, since));
  }

  commitStatus(
    entries: readonly { readonly table: SinkTable; readonly entryIds: readonly string[] }[],
    now: Date,
  ): Promise<TableCommitStatus[]> {
    return this.exclusive(() => commitStatus(this.session, this.sql, entries, now));
  }

  private async applyNow(table: SinkTable, files: readonly FileChanges[]): Promise<SinkResult> {
    try {
      return await mergeFiles(this.session, this.sql, table, files);
    } catch (error) {
      throw failure(table, files, error);
    }
  }

  /** This connection as `mergeFiles` uses it; staging goes through DuckDB's Appender, a data chunk at a time. */
  private readonly session: WarehouseSession = {
    run: (sql, params = []) => this.run(sql, [...params]),
    read: (sql, params = []) => this.read(sql, [...params]),
    stage: async (plan, merge, files) => {
      const rowsPerFile: number[] = [];
      const appender = await this.connection.createAppender(plan.staging, 'main', 'temp');
      try {
        for (const file of files) {
          rowsPerFile.push(await stageFile(appender, plan, file));
          appender.flushSync();
          await this.run(merge.stampFile, [file.fileKey]);
        }
      } finally {
        try {
          appender.closeSync();
        } catch {
          // Only reached after an earlier error, which is the one to report.
        }
      }
      return rowsPerFile;
    },
  };

  private async readNow(table: SinkTable, columns: readonly ColumnSpec[]): Promise<Record<string, string | null>[]> {
    const namespace = namespaceOf(table);
    const exists = await this.read(
      'SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2',
      [namespace, warehouseNames.columns],
    );
    if (exists.length === 0) return [];
    const registered = await this.registeredColumns(
      compileBookkeeping(namespace, this.sql).registeredColumns,
      table.name,
    );
    if (registered.length === 0) return [];
    const plan = buildMergePlan(table, registered);
    const known = new Set(registered.map((c) => c.name));
    const present = columns.filter((c) => known.has(c.name));
    // With none of the asked columns in the table, still return one (empty) record per live row.
    const selected = present.length > 0 ? present.map((c) => c.name) : plan.keyColumns.map((c) => c.name);
    const rows = await this.read(compileReadLive(plan, this.sql, selected));
    return rows.map((row) => {
      const record: Record<string, string | null> = {};
      for (const column of columns) {
        const index = selected.indexOf(column.name);
        record[column.name] =
          index < 0 || !known.has(column.name) ? null : duckDbCanonicalText(column.type, row[index]!);
      }
      return record;
    });
  }

  private async registeredColumns(sql: string, tableName: string): Promise<ColumnSpec[]> {
    return (await this.read(sql, [tableName])).map(([name, type]) => ({
      name: name as string,
      type: JSON.parse(type as string) as ColumnType,
    }));
  }

  private async run(sql: string, params: DuckDBValue[] = []): Promise<void> {
    await this.connection.run(sql, params);
  }

  private async read(sql: string, params: DuckDBValue[] = []): Promise<DuckDBValue[][]> {
    return (await this.connection.runAndReadAll(sql, params)).getRows();
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function namespaceOf(table: SinkTable): string {
  if (table.namespace === undefined) {
    throw new FerryError(`${table.id}: a warehouse table needs a namespace (schema/dataset)`, {
      hint: 'Fix the table mapping',
    });
  }
  return table.namespace;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Decides, at the adapter, whether a failed batch may be retried (DESIGN.md §4). Nothing was committed. */
function failure(table: SinkTable, files: readonly FileChanges[], error: unknown): Error {
  if (error instanceof FerryError) return error;
  const message = messageOf(error);
  // Another transaction changed the same rows or catalog entries: the same batch can succeed next time.
  if (/conflict/i.test(message)) {
    return new SinkUnavailableError('duckdb', `${table.id}: ${message}`, { cause: error });
  }
  const keys = files.map((f) => f.fileKey).join(', ');
  return new FerryError(`duckdb: loading ${keys} into ${table.id} failed: ${message}`, {
    hint: 'Nothing was committed; fix the cause and send the files again',
    cause: error,
  });
}
