import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeOp,
  type ColumnSpec,
  type ColumnType,
  DmsFileError,
  FerryError,
  type FileChanges,
  formatDate,
  formatTimeOfDay,
  formatTimestamp,
  POSITION_LENGTH,
  type QueryResult,
  type Sink,
  type SinkResult,
  type SinkTable,
  SinkUnavailableError,
  type TableCommitStatus,
} from '@ferry/core';
import snowflake from 'snowflake-sdk';
import { buildMergePlan } from '../buildMergePlan.js';
import { commitStatus } from '../commitStatus.js';
import { compileBookkeeping } from '../compileBookkeeping.js';
import { compileReadLive } from '../compileReadLive.js';
import type { MergePlan } from '../MergePlan.js';
import { mergedSince } from '../mergedSince.js';
import { mergeFiles } from '../mergeFiles.js';
import type { WarehouseDialect } from '../WarehouseDialect.js';
import type { WarehouseSession } from '../WarehouseSession.js';
import { warehouseNames } from '../warehouseNames.js';
import { isRetryableSnowflakeError } from './isRetryableSnowflakeError.js';
import type { SnowflakeBind } from './SnowflakeBind.js';
import { SnowflakeCsvFile } from './SnowflakeCsvFile.js';
import type { SnowflakeStagingOptions } from './SnowflakeStagingOptions.js';
import type { SnowflakeWarehouseConfig } from './SnowflakeWarehouseConfig.js';
import { snowflakeBindValue } from './snowflakeBindValue.js';
import { snowflakeCanonicalText } from './snowflakeCanonicalText.js';
import { snowflakeDialect } from './snowflakeDialect.js';

/**
 * The SDK switches array binds above this many values (rows × columns) to a PUT into a temporary stage, which
 * needs more grants; chunks stay below it, so each is one plain INSERT request.
 */
const DEFAULT_BINDS_PER_INSERT = 90_000;
/** The default staging path: `docs/benchmarks.md` §Snowflake staging has the figures behind it. */
const DEFAULT_STAGING = 'copy';
/**
 * The session's temporary stage for `staging: 'copy'` (unqualified: the session's schema). Temporary, so
 * Snowflake drops it, and whatever a failed batch left in it, when the session ends.
 */
const STAGE = '"_ferry_staging"';
const OPS: ReadonlySet<string> = new Set(Object.values(ChangeOp));

type Param = string | number | bigint;

/** How this warehouse stages, settled from `SnowflakeStagingOptions` with their defaults. */
interface Staging {
  readonly mode: 'binds' | 'copy';
  readonly bindsPerInsert: number;
  readonly directory: string;
}

function stagingOf(options: SnowflakeStagingOptions): Staging {
  return {
    mode: options.staging ?? DEFAULT_STAGING,
    bindsPerInsert: options.bindsPerInsert ?? DEFAULT_BINDS_PER_INSERT,
    directory: options.stagingDirectory ?? tmpdir(),
  };
}

/**
 * Snowflake through the official `snowflake-sdk`, implementing core `Sink` with the shared `mergeFiles` plan
 * (`snowflakeDialect`).
 *
 * One connection, one call at a time (its temp tables and transaction are the session's). A batch costs few
 * statements — Snowflake bills warehouse time: the ledger check, DDL only when the table is new or grows,
 * the staging table, its rows (`staging: 'copy'`: one PUT of a gzip CSV file and one COPY INTO, whatever the
 * batch's size; `'binds'`: one array-bind INSERT per ~90,000 values; either way each row carries its file key,
 * so no per-file UPDATE), the dedupe, then BEGIN, classify, tombstones, MERGE, ledger rows, COMMIT.
 *
 * Failures are decided here: network, HTTP 5xx/429, canceled or timed-out statements and aborted transactions
 * become `SinkUnavailableError` (nothing was committed; send the same batch again); anything else is a
 * terminal `FerryError` (or passes as it is when it already is one, e.g. `SchemaChangeError`, `DmsFileError`).
 */
export class SnowflakeWarehouse implements Sink {
  readonly dialect = 'snowflake';
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly connection: snowflake.Connection,
    private readonly label: string,
    private readonly sql: WarehouseDialect,
    private readonly staging: Staging,
  ) {}

  /** Whether this session created its temporary stage (`staging: 'copy'`); it lasts as long as the session. */
  private stageCreated = false;

  /**
   * Connects with key-pair (JWT) authentication, or adopts `config.connection`. Throws `SinkUnavailableError`
   * when Snowflake cannot be reached, and a terminal `FerryError` when the login is refused (wrong key, user,
   * account or role).
   */
  static async open(config: SnowflakeWarehouseConfig): Promise<SnowflakeWarehouse> {
    if ('connection' in config) {
      return new SnowflakeWarehouse(
        config.connection,
        config.label ?? 'snowflake',
        snowflakeDialect,
        stagingOf(config),
      );
    }
    const label = `snowflake ${config.account}/${config.database}`;
    const connection = snowflake.createConnection({
      account: config.account,
      username: config.username,
      authenticator: 'SNOWFLAKE_JWT',
      privateKey: config.privateKey,
      ...(config.privateKeyPass === undefined ? {} : { privateKeyPass: config.privateKeyPass }),
      ...(config.accessUrl === undefined ? {} : { accessUrl: config.accessUrl }),
      ...(config.warehouse === undefined ? {} : { warehouse: config.warehouse }),
      ...(config.role === undefined ? {} : { role: config.role }),
      database: config.database,
      schema: config.schema ?? 'PUBLIC',
      // 64-bit counts and ints must not pass through a JS number.
      jsTreatIntegerAsBigInt: true,
    });
    try {
      await new Promise<void>((resolve, reject) => connection.connect((err) => (err ? reject(err) : resolve())));
    } catch (cause) {
      if (isRetryableSnowflakeError(cause)) {
        throw new SinkUnavailableError(label, `cannot connect: ${messageOf(cause)}`, { cause });
      }
      throw new FerryError(`${label}: login refused: ${messageOf(cause)}`, {
        hint: "Check the account, user, role and that the user's RSA_PUBLIC_KEY matches the private key",
        cause,
      });
    }
    return new SnowflakeWarehouse(connection, label, snowflakeDialect, stagingOf(config));
  }

  applyFiles(table: SinkTable, files: readonly FileChanges[]): Promise<SinkResult> {
    return this.exclusive(async () => {
      try {
        return await mergeFiles(this.session, this.sql, table, files);
      } catch (error) {
        throw this.failure(table, files, error);
      }
    });
  }

  readRows(table: SinkTable, columns: readonly ColumnSpec[]): Promise<Record<string, string | null>[]> {
    return this.exclusive(async () => {
      try {
        return await this.readNow(table, columns);
      } catch (error) {
        throw this.failure(table, [], error);
      }
    });
  }

  mergedSince(table: SinkTable, entryIds: readonly string[], since: Date): Promise<boolean> {
    return this.exclusive(async () => {
      try {
        return await mergedSince(this.session, this.sql, table, entryIds, since);
      } catch (error) {
        throw this.failure(table, [], error);
      }
    });
  }

  commitStatus(
    entries: readonly { readonly table: SinkTable; readonly entryIds: readonly string[] }[],
    now: Date,
  ): Promise<TableCommitStatus[]> {
    return this.exclusive(async () => {
      try {
        return await commitStatus(this.session, this.sql, entries, now);
      } catch (error) {
        throw this.failure(entries[0]!.table, [], error);
      }
    });
  }

  query(sql: string): Promise<QueryResult> {
    return this.exclusive(async () => {
      try {
        const { columns, rows } = await this.execute(sql);
        return { columns, rows: rows.map((row) => row.map(queryCell)) };
      } catch (cause) {
        if (isRetryableSnowflakeError(cause)) throw new SinkUnavailableError(this.label, messageOf(cause), { cause });
        throw new FerryError(`${this.label}: query failed: ${messageOf(cause)}`, { cause });
      }
    });
  }

  close(): Promise<void> {
    return this.exclusive(
      () =>
        new Promise<void>((resolve) => {
          // A connection that is already gone has nothing left to release.
          if (!this.connection.isUp()) resolve();
          else this.connection.destroy(() => resolve());
        }),
    );
  }

  /** This connection as `mergeFiles` uses it; staging is PUT + COPY or array-bind INSERTs (`staging.mode`). */
  private readonly session: WarehouseSession = {
    run: async (sql, params = []) => {
      await this.execute(sql, params.map(bindParam));
    },
    read: async (sql, params = []) => (await this.execute(sql, params.map(bindParam))).rows,
    stage: (plan, _merge, files) =>
      this.staging.mode === 'copy' ? this.stageByCopy(plan, files) : this.stageByBinds(plan, files),
  };

  /**
   * Writes every row of `files` to one gzip CSV file (`SnowflakeCsvFile`), PUTs it into the session's
   * temporary stage and loads it with one COPY INTO the staging table, with an explicit column list; the
   * local file is removed whatever happens, the staged one by PURGE (or with the session). The file's name is
   * new every time, so COPY's load metadata never skips it. Each row carries its file key, so
   * `MergeSql.stampFile` is not needed. A file COPY rejects (a value that does not fit its column) is a
   * terminal `FerryError` naming the batch's files and Snowflake's reason; nothing is committed yet.
   */
  private async stageByCopy(plan: MergePlan, files: readonly FileChanges[]): Promise<number[]> {
    const dir = await mkdtemp(join(this.staging.directory, 'ferry-snowflake-'));
    const name = `${randomUUID()}.csv.gz`;
    try {
      const csv = new SnowflakeCsvFile(join(dir, name));
      const rowsPerFile: number[] = [];
      try {
        for (const file of files) {
          let staged = 0;
          for await (const rows of fileRows(plan, file)) {
            await csv.write(rows);
            staged += rows.length;
          }
          rowsPerFile.push(staged);
        }
      } finally {
        await csv.close();
      }
      const total = rowsPerFile.reduce((sum, n) => sum + n, 0);
      if (total === 0) return rowsPerFile;
      const put = await this.put(csv.path);
      const status = cellOf(put, 'status', 0);
      if (status !== 'UPLOADED') {
        throw new FerryError(`${this.label}: PUT of the staging file ${name} answered ${String(status)}`);
      }
      const columns = [...plan.columns.map((c) => c.name), plan.meta.op, plan.meta.position, plan.meta.file]
        .map((c) => this.sql.quoteIdent(c))
        .join(', ');
      let copied: { columns: string[]; rows: unknown[][] };
      try {
        copied = await this.execute(
          `COPY INTO ${this.sql.tempTableRef(plan.staging)} (${columns}) FROM @${STAGE} FILES = ('${name}') ` +
            `FILE_FORMAT = (${SnowflakeCsvFile.format}) ON_ERROR = ABORT_STATEMENT PURGE = TRUE`,
        );
      } catch (cause) {
        if (isRetryableSnowflakeError(cause)) throw cause;
        throw new FerryError(
          `${this.label}: COPY INTO the staging table of ${plan.target.namespace}.${plan.target.name} refused the files ` +
            `${files.map((f) => f.fileKey).join(', ')}: ${messageOf(cause)}`,
          {
            hint: 'Nothing was committed; fix what Snowflake names (e.g. a value that does not fit its column) and send the files again',
            cause,
          },
        );
      }
      // ON_ERROR = ABORT_STATEMENT loads all rows or fails; a count that differs means the file was skipped.
      const loaded = copied.rows.reduce((sum, _, i) => sum + BigInt(String(cellOf(copied, 'rows_loaded', i) ?? 0)), 0n);
      if (loaded !== BigInt(total)) {
        throw new FerryError(
          `${this.label}: COPY INTO the staging table loaded ${loaded} of ${total} rows from ${name}`,
        );
      }
      return rowsPerFile;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * PUTs the file at `path` into the session's temporary stage, creating the stage first in a new session.
   * Compressed already, so no AUTO_COMPRESS; OVERWRITE = TRUE spares the SDK its check for an existing file
   * (one more storage request; the name is new anyway). A PUT that finds no stage (the SDK logged in again,
   * so this is a new session) creates it and tries once more.
   */
  private async put(path: string): Promise<{ columns: string[]; rows: unknown[][] }> {
    const create = async () => {
      await this.execute(`CREATE TEMPORARY STAGE IF NOT EXISTS ${STAGE}`);
      this.stageCreated = true;
    };
    const put = () =>
      this.execute(
        `PUT '${snowflakeString(`file://${path}`)}' @${STAGE} AUTO_COMPRESS = FALSE SOURCE_COMPRESSION = GZIP OVERWRITE = TRUE`,
      );
    if (!this.stageCreated) await create();
    try {
      return await put();
    } catch (error) {
      // 002003: the object does not exist (or is not authorized).
      if ((error as { code?: unknown }).code !== '002003') throw error;
      await create();
      return put();
    }
  }

  /**
   * Inserts every row of `files` into the staging table, rows × columns below the SDK's stage-binding
   * threshold per INSERT. Each row carries its file key, so `MergeSql.stampFile` is not needed.
   */
  private async stageByBinds(plan: MergePlan, files: readonly FileChanges[]): Promise<number[]> {
    const width = plan.columns.length + 3;
    const insert = `INSERT INTO ${this.sql.tempTableRef(plan.staging)} VALUES (${Array(width).fill('?').join(', ')})`;
    const perInsert = Math.max(1, Math.floor(this.staging.bindsPerInsert / width));
    const rowsPerFile: number[] = [];
    let pending: SnowflakeBind[][] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      const rows = pending;
      pending = [];
      await this.execute(insert, rows);
    };
    for (const file of files) {
      let staged = 0;
      for await (const rows of fileRows(plan, file)) {
        for (const row of rows) {
          pending.push(row);
          if (pending.length >= perInsert) await flush();
        }
        staged += rows.length;
      }
      rowsPerFile.push(staged);
    }
    await flush();
    return rowsPerFile;
  }

  private async readNow(table: SinkTable, columns: readonly ColumnSpec[]): Promise<Record<string, string | null>[]> {
    const namespace = namespaceOf(table);
    const exists = await this.execute(
      'SELECT 1 FROM information_schema.tables WHERE table_schema = :1 AND table_name = :2',
      [namespace, warehouseNames.columns],
    );
    if (exists.rows.length === 0) return [];
    const registered = (
      await this.execute(compileBookkeeping(namespace, this.sql).registeredColumns, [table.name])
    ).rows.map(([name, type]): ColumnSpec => ({ name: String(name), type: JSON.parse(String(type)) as ColumnType }));
    if (registered.length === 0) return [];
    const plan = buildMergePlan(table, registered);
    const known = new Set(registered.map((c) => c.name));
    const present = columns.filter((c) => known.has(c.name));
    // With none of the asked columns in the table, still return one (empty) record per live row.
    const selected = present.length > 0 ? present.map((c) => c.name) : plan.keyColumns.map((c) => c.name);
    // Timestamps and times are read as integer microseconds since the epoch (midnight): exact, whatever the
    // session's output formats, and independent of how the SDK splits a result's `seconds.nanos` text
    // (TIME even arrives as text in TIME_OUTPUT_FORMAT, seconds only by default).
    const kinds = new Map(registered.map((c) => [c.name, c.type.kind]));
    const live = compileReadLive(plan, this.sql, selected);
    const sql = selected.some((name) => kinds.get(name) === 'timestamp' || kinds.get(name) === 'time')
      ? `SELECT ${selected
          .map((name) => {
            const q = this.sql.quoteIdent(name);
            const kind = kinds.get(name);
            if (kind === 'timestamp') return `DATE_PART(EPOCH_MICROSECOND, ${q}) AS ${q}`;
            if (kind === 'time') {
              return `DATE_PART(EPOCH_MICROSECOND, TIMESTAMP_NTZ_FROM_PARTS(DATE '1970-01-01', ${q})) AS ${q}`;
            }
            return q;
          })
          .join(', ')} FROM (${live}) AS "live"`
      : live;
    const { rows } = await this.execute(sql);
    return rows.map((row) => {
      const record: Record<string, string | null> = {};
      for (const column of columns) {
        const index = selected.indexOf(column.name);
        record[column.name] =
          index < 0 || !known.has(column.name) ? null : snowflakeCanonicalText(column.type, row[index]);
      }
      return record;
    });
  }

  /** Runs one statement; numbers come back as Snowflake's exact digits, rows as arrays in column order. */
  private execute(sqlText: string, binds?: snowflake.Binds): Promise<{ columns: string[]; rows: unknown[][] }> {
    return new Promise((resolve, reject) => {
      this.connection.execute({
        sqlText,
        ...(binds === undefined || binds.length === 0 ? {} : { binds }),
        fetchAsString: ['Number'],
        rowMode: 'array',
        complete: (err, statement, rows) => {
          if (err) {
            reject(err);
            return;
          }
          const columns = statement.getColumns() ?? [];
          // fetchAsString prints a NULL number as the text NULL; no number reads that way.
          const numbers = columns.flatMap((c, i) => (c.isNumber() ? [i] : []));
          const result = (rows ?? []) as unknown[][];
          if (numbers.length > 0) {
            for (const row of result) for (const i of numbers) if (row[i] === 'NULL') row[i] = null;
          }
          resolve({ columns: columns.map((c) => c.getName()), rows: result });
        },
      });
    });
  }

  /** Decides, at the adapter, whether a failed batch may be retried (DESIGN.md §4). Nothing was committed. */
  private failure(table: SinkTable, files: readonly FileChanges[], error: unknown): Error {
    if (error instanceof FerryError) return error;
    const message = messageOf(error);
    if (isRetryableSnowflakeError(error)) {
      return new SinkUnavailableError(this.label, `${table.id}: ${message}`, { cause: error });
    }
    const keys = files.map((f) => f.fileKey).join(', ');
    return new FerryError(
      `${this.label}: ${keys ? `loading ${keys} into ` : 'reading '}${table.id} failed: ${message}`,
      {
        hint: 'Nothing was committed; fix the cause and send the files again',
        cause: error,
      },
    );
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/**
 * The staging rows of each row group of `file`: the plan's data columns (NULL where the file lacks one), op,
 * position, file key. Throws `DmsFileError` naming the file, row and column for a value that does not fit.
 */
async function* fileRows(plan: MergePlan, file: FileChanges): AsyncGenerator<SnowflakeBind[][]> {
  const keys = new Set(plan.keyColumns.map((k) => k.name));
  let base = 0;
  for await (const changes of file.chunks()) {
    const sources = plan.columns.map((c) => changes.columns.findIndex((s) => s.name === c.name));
    const { rowCount, ops, positions } = changes;
    if (ops.length !== rowCount || positions.length !== rowCount || changes.values.some((v) => v.length !== rowCount)) {
      throw new DmsFileError(file.fileKey, `a row group's columns do not all hold ${rowCount} rows`, { row: base });
    }
    const rows: SnowflakeBind[][] = [];
    for (let r = 0; r < rowCount; r++) {
      const row: SnowflakeBind[] = [];
      for (let c = 0; c < plan.columns.length; c++) {
        const column = plan.columns[c]!;
        const source = sources[c]!;
        const value = source < 0 ? null : changes.values[source]![r];
        if (value === null || value === undefined) {
          if (keys.has(column.name)) {
            throw new DmsFileError(file.fileKey, `column "${column.name}": a key column is NULL`, { row: base + r });
          }
          row.push(null);
          continue;
        }
        try {
          row.push(snowflakeBindValue(column.type, value));
        } catch (error) {
          throw new DmsFileError(file.fileKey, `column "${column.name}": ${messageOf(error)}`, { row: base + r });
        }
      }
      const op = ops[r]!;
      if (!OPS.has(op))
        throw new DmsFileError(file.fileKey, `Op ${JSON.stringify(op)} is not I, U or D`, { row: base + r });
      const position = positions[r]!;
      if (typeof position !== 'string' || position.length !== POSITION_LENGTH) {
        throw new DmsFileError(file.fileKey, `position ${JSON.stringify(position)} is not ${POSITION_LENGTH} digits`, {
          row: base + r,
        });
      }
      row.push(op, position, file.fileKey);
      rows.push(row);
    }
    base += rowCount;
    yield rows;
  }
}

/** `text` inside a Snowflake '…' literal: backslashes and quotes escaped. */
function snowflakeString(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

/** The cell of column `name` (case-insensitive) in row `row` of a result. */
function cellOf(result: { columns: string[]; rows: unknown[][] }, name: string, row: number): unknown {
  const index = result.columns.findIndex((c) => c.toLowerCase() === name);
  return index < 0 ? undefined : result.rows[row]?.[index];
}

/** `mergeFiles` parameters as binds: bigints (row counts) as their digits. */
function bindParam(value: Param): string | number {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * One cell of `ferry query` (core `QueryResult`): numbers stay Snowflake's exact digits, timestamps print
 * with 6 fraction digits, bytes as `\x` hex.
 */
function queryCell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (value instanceof Date && 'getEpochSeconds' in value) {
    const date = value as Date & { getEpochSeconds(): number; getNanoSeconds(): number; getTimezone(): unknown };
    const micros = BigInt(date.getEpochSeconds()) * 1_000_000n + BigInt(Math.floor(date.getNanoSeconds() / 1000));
    return formatTimestamp(micros, 6);
  }
  if (typeof value === 'object' && 'getMidnightSeconds' in value) {
    const time = value as { getMidnightSeconds(): number; getNanoSeconds(): number };
    return formatTimeOfDay(
      BigInt(time.getMidnightSeconds()) * 1_000_000n + BigInt(Math.floor(time.getNanoSeconds() / 1000)),
      6,
    );
  }
  if (value instanceof Date) return formatDate(Math.floor(value.getTime() / 86_400_000));
  return JSON.stringify(value);
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
