import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { BigQuery, type Job } from '@google-cloud/bigquery';
import { buildMergePlan } from '../buildMergePlan.js';
import { commitStatus } from '../commitStatus.js';
import { compileBookkeeping } from '../compileBookkeeping.js';
import { compileReadLive } from '../compileReadLive.js';
import { mergedSince } from '../mergedSince.js';
import { mergeFiles } from '../mergeFiles.js';
import type { WarehouseDialect } from '../WarehouseDialect.js';
import type { WarehouseSession } from '../WarehouseSession.js';
import type { BigQueryWarehouseConfig } from './BigQueryWarehouseConfig.js';
import { bigQueryCanonicalText } from './bigQueryCanonicalText.js';
import { bigQueryDialectFor } from './bigQueryDialectFor.js';
import { bigQueryLoadJobId } from './bigQueryLoadJobId.js';
import { encodeStagingParquet } from './encodeStagingParquet.js';

type Params = readonly (string | number | bigint)[];
interface Statement {
  readonly sql: string;
  readonly params: Params;
}
type RawRow = { f: { v: string | null }[] };

/** Load jobs tried per batch before giving up (each failed attempt ID can never run again). */
const MAX_LOAD_ATTEMPTS = 10;

/**
 * BigQuery through `@google-cloud/bigquery`, implementing core `Sink` with the shared `mergeFiles` flow.
 *
 * Per call: the batch's staging rows go to BigQuery in ONE parquet load job per table (explicit schema,
 * `decimalTargetTypes: NUMERIC, BIGNUMERIC`) whose ID is derived from the files (`ferry_<table>_<sha256>`), so
 * a repeated call finds the earlier job: a 409 fetches it; done and its staging table intact → used; failed
 * or its output gone → the next attempt suffix; running → awaited. The MERGE (with tombstones) and the
 * ledger rows run as one multi-statement script `BEGIN TRANSACTION … COMMIT TRANSACTION`; the
 * classification is read just before, in its own job. Other statements are sent in as few scripts as the
 * flow allows (a read carries the statements queued before it).
 *
 * Quota (1,500 modifications per table per day, FACTS §4): a call modifies the target once (its MERGE), the
 * tombstone table once (hard deletes), and the table's own ledger `_ferry_ledger_<table>` once
 * (`capabilities.ledgerPerTable`), whichever mapping entries its files came from; `_ferry_columns` only when
 * columns are added. Callers batch per target table (`@ferry/pipeline` groups a consolidated table's entries).
 *
 * Staging and batch tables are ordinary tables in the target dataset named with a suffix of the files'
 * hash (`_ferry_stage_<table>_<hash>`), because a load job cannot write a session's temp table; they are
 * dropped after the batch, or kept after a retryable failure so the retry reuses the load. Calls for one table run one at a time in this process; a concurrent-update or
 * rate-limit error (another writer) retries the whole batch with backoff — safe, since nothing was
 * committed and the ledger skips files already in.
 */
export class BigQueryWarehouse implements Sink {
  readonly dialect = 'bigquery';
  private readonly queues = new Map<string, Promise<unknown>>();

  private constructor(
    private readonly client: BigQuery,
    private readonly sql: WarehouseDialect,
    private readonly config: BigQueryWarehouseConfig,
  ) {}

  /** Connects (no network call until the first statement). Throws `FerryError` for a malformed project id. */
  static async open(config: BigQueryWarehouseConfig): Promise<BigQueryWarehouse> {
    const client =
      config.client ??
      new BigQuery({
        projectId: config.projectId,
        ...(config.location === undefined ? {} : { location: config.location }),
        ...(config.credentials === undefined ? {} : { credentials: { ...config.credentials } }),
      });
    const dialect = bigQueryDialectFor(config.qualifyProject === true ? config.projectId : undefined);
    return new BigQueryWarehouse(client, dialect, config);
  }

  applyFiles(table: SinkTable, files: readonly FileChanges[]): Promise<SinkResult> {
    return this.exclusive(`${table.namespace}.${table.name}`, () => this.applyWithRetry(table, files));
  }

  async readRows(table: SinkTable, columns: readonly ColumnSpec[]): Promise<Record<string, string | null>[]> {
    const namespace = namespaceOf(table);
    try {
      const book = compileBookkeeping(namespace, this.sql, table.name);
      let registered: ColumnSpec[];
      try {
        registered = (await this.script([{ sql: book.registeredColumns, params: [table.name] }])).map(([n, t]) => ({
          name: n as string,
          type: JSON.parse(t as string) as ColumnType,
        }));
      } catch (error) {
        // No column registry yet: nothing was ever loaded into this dataset.
        if (/not found|does not exist/i.test(messageOf(error))) return [];
        throw error;
      }
      if (registered.length === 0) return [];
      const plan = buildMergePlan(table, registered);
      const known = new Set(registered.map((c) => c.name));
      const present = columns.filter((c) => known.has(c.name));
      const selected = present.length > 0 ? present.map((c) => c.name) : plan.keyColumns.map((c) => c.name);
      const rows = await this.script([{ sql: compileReadLive(plan, this.sql, selected), params: [] }]);
      return rows.map((row) => {
        const record: Record<string, string | null> = {};
        for (const column of columns) {
          const index = selected.indexOf(column.name);
          record[column.name] =
            index < 0 ? null : bigQueryCanonicalText(column.type, (row[index] ?? null) as string | null);
        }
        return record;
      });
    } catch (error) {
      throw classify(`reading ${table.id}`, error);
    }
  }

  async mergedSince(table: SinkTable, entryIds: readonly string[], since: Date): Promise<boolean> {
    // The setup and the count go as one script: one query job.
    const session = this.batchedSession();
    try {
      return await mergedSince(session, this.sql, table, entryIds, since);
    } catch (error) {
      throw classify(`reading the ledger of ${table.id}`, error);
    }
  }

  async commitStatus(
    entries: readonly { readonly table: SinkTable; readonly entryIds: readonly string[] }[],
    now: Date,
  ): Promise<TableCommitStatus[]> {
    // Per target: its setup and the status read go as one script, one query job.
    const session = this.batchedSession();
    try {
      return await commitStatus(session, this.sql, entries, now);
    } catch (error) {
      throw classify('reading the ledgers', error);
    }
  }

  /** A session whose statements wait for the next read and go with it as one script: one query job per read. */
  private batchedSession() {
    const pending: Statement[] = [];
    return {
      run: async (sql: string, params: Params = []) => {
        pending.push({ sql, params });
      },
      read: (sql: string, params: Params = []) => this.script([...pending.splice(0), { sql, params }]),
    };
  }

  async query(sql: string): Promise<QueryResult> {
    try {
      const [job] = await this.client.createQueryJob({ query: sql, ...this.where() });
      const [rows] = await job.getQueryResults();
      const list = rows as Record<string, unknown>[];
      const names = list.length > 0 ? Object.keys(list[0]!) : [];
      return { columns: names, rows: list.map((r) => names.map((n) => queryCell(r[n]))) };
    } catch (error) {
      throw classify('query', error);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()]);
  }

  private async applyWithRetry(table: SinkTable, files: readonly FileChanges[]): Promise<SinkResult> {
    const attempts = this.config.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.applyOnce(table, files);
      } catch (error) {
        const failure = classify(`${table.id}`, error, files);
        if (!(failure instanceof SinkUnavailableError) || attempt >= attempts) throw failure;
        await sleep((this.config.retryDelayMs ?? 1000) * 2 ** (attempt - 1));
      }
    }
  }

  private async applyOnce(table: SinkTable, files: readonly FileChanges[]): Promise<SinkResult> {
    const namespace = namespaceOf(table);
    const suffix = bigQueryLoadJobId(
      '',
      files.map((f) => f.fileKey),
    ).slice(-16);
    // Staging and batch tables live in the dataset (a load job cannot fill a temp table), named per batch.
    const scratch = (name: string) => this.sql.qualify(namespace, `${name}_${suffix}`);
    const dialect: WarehouseDialect = Object.freeze({
      ...this.sql,
      tempTableRef: scratch,
      createTempTable: (name: string, definition: string) => `CREATE OR REPLACE TABLE ${scratch(name)} ${definition}`,
    });
    let pending: Statement[] = [];
    let transaction: Statement[] | undefined;
    const flush = async () => {
      if (pending.length === 0) return;
      const statements = pending;
      pending = [];
      await this.script(statements);
    };
    const session: WarehouseSession = {
      run: async (sql, params = []) => {
        if (sql === dialect.transaction.begin) transaction = [];
        else if (sql === dialect.transaction.commit) {
          const body = transaction ?? [];
          transaction = undefined;
          await flush();
          await this.script([
            { sql: dialect.transaction.begin, params: [] },
            ...body,
            { sql: dialect.transaction.commit, params: [] },
          ]);
        } else if (sql === dialect.transaction.rollback) transaction = undefined;
        else if (transaction !== undefined) transaction.push({ sql, params });
        else pending.push({ sql, params });
      },
      // Inside the transaction only the classification is read: before the MERGE, so it sees what the MERGE will.
      read: async (sql, params = []) => {
        const statements = [...pending, { sql, params }];
        pending = [];
        return this.script(statements);
      },
      stage: async (plan, merge, stageFiles) => {
        // The load job creates the staging table from its explicit schema; a CREATE first would be one more job.
        pending = pending.filter((s) => s.sql !== merge.createStaging);
        await flush();
        const path = join(tmpdir(), `ferry-bq-${randomUUID()}.parquet`);
        try {
          const encoded = await encodeStagingParquet(plan, dialect, stageFiles, path);
          const jobId = bigQueryLoadJobId(
            plan.target.name,
            stageFiles.map((f) => f.fileKey),
          );
          await this.load(namespace, `${plan.staging}_${suffix}`, jobId, { path, fields: encoded.fields });
          return encoded.rowsPerFile;
        } finally {
          await rm(path, { force: true });
        }
      },
    };
    try {
      const result = await mergeFiles(session, dialect, table, files);
      await flush();
      return result;
    } catch (error) {
      // After a failure only mergeFiles' drops of the scratch tables are queued. When the batch will be
      // retried, keep them: the retry finds its load job done (409) with the staging table intact and
      // loads nothing again. Otherwise drop them, best effort.
      if (classify(table.id, error) instanceof SinkUnavailableError) pending = [];
      else await flush().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Runs the load job `jobId` (or the first free attempt `jobId_a<n>`) into `dataset.table`. A 409 fetches
   * the existing job: running → awaited; done without error and the table holds its rows → used; else the
   * next attempt. Throws the load's error (e.g. a value BigQuery refuses) as it is.
   */
  private async load(
    dataset: string,
    table: string,
    jobId: string,
    encoded: { path: string; fields: readonly object[] },
  ): Promise<void> {
    const { path } = encoded;
    const target = this.client.dataset(dataset).table(table);
    for (let attempt = 0; attempt < MAX_LOAD_ATTEMPTS; attempt++) {
      const id = attempt === 0 ? jobId : `${jobId}_a${attempt}`;
      let job: Job;
      try {
        [job] = await target.createLoadJob(path, {
          jobId: id,
          ...this.where(),
          sourceFormat: 'PARQUET',
          schema: { fields: encoded.fields as never },
          decimalTargetTypes: ['NUMERIC', 'BIGNUMERIC'],
          createDisposition: 'CREATE_IF_NEEDED',
          writeDisposition: 'WRITE_TRUNCATE',
        });
      } catch (error) {
        if ((error as { code?: number }).code !== 409) throw error;
        const done = await this.waitFor(this.client.job(id, this.where()));
        if (done.status?.errorResult !== undefined && done.status.errorResult !== null) continue;
        // The job ran, but a later failure may have dropped or replaced its output.
        const [meta] = await target.getMetadata().catch(() => [undefined]);
        if (meta !== undefined && String(meta.numRows) === String(done.statistics?.load?.outputRows ?? '0')) return;
        continue;
      }
      const done = await this.waitFor(job);
      const failed = done.status?.errorResult;
      if (failed !== undefined && failed !== null) {
        throw Object.assign(new Error(`load job ${id} failed: ${failed.message}`), { errors: done.status?.errors });
      }
      return;
    }
    throw new FerryError(`bigquery: ${MAX_LOAD_ATTEMPTS} load attempts of ${jobId} failed`, {
      hint: 'Look at the failed jobs in the BigQuery console; nothing was committed',
    });
  }

  private async waitFor(job: Job): Promise<NonNullable<Job['metadata']>> {
    for (;;) {
      const [meta] = await job.getMetadata();
      if (meta.status?.state === 'DONE') return meta;
      await sleep(this.config.pollMs ?? 500);
    }
  }

  /** Runs statements as one job (a script when several) and returns the last statement's rows as raw text cells. */
  private async script(statements: readonly Statement[]): Promise<unknown[][]> {
    // Every value goes as text with its type named: INT64 travels as a decimal string on the wire anyway.
    const params: Record<string, string> = {};
    const types: Record<string, string> = {};
    const parts = statements.map((s, k) => {
      if (s.params.length === 0) return s.sql;
      s.params.forEach((value, i) => {
        const name = statements.length === 1 ? `p${i + 1}` : `s${k}p${i + 1}`;
        params[name] = String(value);
        types[name] = typeof value === 'string' ? 'STRING' : 'INT64';
      });
      return statements.length === 1 ? s.sql : s.sql.replace(/@p(\d+)\b/g, `@s${k}p$1`);
    });
    const [job] = await this.client.createQueryJob({
      query: parts.join(';\n'),
      ...(Object.keys(params).length > 0 ? { params, types } : {}),
      ...this.where(),
    });
    const [rows] = await job.getQueryResults({ skipParsing: true } as never);
    return (rows as unknown as RawRow[]).map((row) => row.f.map((cell) => cell.v));
  }

  private where(): { location?: string } {
    return this.config.location === undefined ? {} : { location: this.config.location };
  }

  private exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    this.queues.set(
      key,
      next.catch(() => undefined),
    );
    return next;
  }
}

function namespaceOf(table: SinkTable): string {
  if (table.namespace === undefined) {
    throw new FerryError(`${table.id}: a warehouse table needs a namespace (BigQuery dataset)`, {
      hint: 'Fix the table mapping',
    });
  }
  return table.namespace;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function queryCell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value);
}

const RETRYABLE_REASONS = new Set(['rateLimitExceeded', 'backendError', 'internalError', 'jobRateLimitExceeded']);
const NETWORK = /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|socket hang up|network/i;

/**
 * Decides, at the adapter, whether a failure may be retried: another writer (concurrent update), throttling,
 * 5xx and network errors → `SinkUnavailableError`; ferry's own errors and anything else pass as they are,
 * wrapped with what to do next. Nothing was committed in either case.
 */
function classify(what: string, error: unknown, files: readonly FileChanges[] = []): Error {
  if (error instanceof FerryError) return error;
  const message = messageOf(error);
  const e = error as { code?: number | string; errors?: { reason?: string }[] };
  const reasons = (e.errors ?? []).map((x) => x.reason ?? '');
  const status = typeof e.code === 'number' ? e.code : undefined;
  if (
    /concurrent update|could not serialize/i.test(message) ||
    reasons.some((r) => RETRYABLE_REASONS.has(r)) ||
    (status !== undefined && (status >= 500 || status === 429)) ||
    NETWORK.test(message) ||
    (typeof e.code === 'string' && NETWORK.test(e.code))
  ) {
    return new SinkUnavailableError('bigquery', `${what}: ${message}`, { cause: error });
  }
  const keys = files.map((f) => f.fileKey).join(', ');
  return new FerryError(`bigquery: ${what}${keys === '' ? '' : ` (${keys})`} failed: ${message}`, {
    hint: 'Nothing was committed; fix the cause and send the files again',
    cause: error,
  });
}
