import { createPublicKey, randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';
import { DuckDBInstance, DuckDBTypeId } from '@duckdb/node-api';
import { BigQueryFaults } from './BigQueryFaults.js';
import type { BigQueryJobError } from './BigQueryJobError.js';
import type { BigQueryStandIn } from './BigQueryStandIn.js';
import type { BigQueryStandInOptions } from './BigQueryStandInOptions.js';
import { bigQueryCell } from './bigQueryCell.js';
import { bigQueryErrorBody } from './bigQueryErrorBody.js';
import { bigQueryType } from './bigQueryType.js';
import { duckDbTypeForField } from './duckDbTypeForField.js';
import { parseMultipartRelated } from './parseMultipartRelated.js';
import { readRequestBody } from './readRequestBody.js';
import { sendJson } from './sendJson.js';
import { splitSqlStatements } from './splitSqlStatements.js';
import { statementKeyword } from './statementKeyword.js';
import { translateBigQuerySql } from './translateBigQuerySql.js';
import { verifyServiceAccountJwt } from './verifyServiceAccountJwt.js';

interface Field {
  name: string;
  type: string;
  mode?: string;
  precision?: string;
  scale?: string;
}

interface QueryParameter {
  name?: string;
  parameterType?: { type?: string };
  parameterValue?: { value?: string | null };
}

/** What a finished job leaves for getQueryResults. */
interface JobResult {
  readonly schema?: { fields: Field[] };
  readonly rows: DuckDBValue[][];
  readonly numDmlAffectedRows?: bigint;
  readonly dmlStats?: Record<string, string>;
  readonly statementType: string;
}

interface Job {
  readonly resource: Record<string, unknown>;
  readonly result?: JobResult;
  readonly error?: BigQueryJobError;
}

/** A failure that ends a job (or a request) with BigQuery's error shape. */
class BigQueryJobFailure extends Error {
  constructor(
    readonly error: BigQueryJobError,
    readonly httpCode = 400,
    options?: { cause?: unknown },
  ) {
    super(error.message, options);
    this.name = 'BigQueryJobFailure';
  }
}

const MUTATING_DML = new Set(['MERGE', 'UPDATE', 'DELETE']);
const ROWS = new Set(['SELECT', 'WITH', 'VALUES', 'FROM', 'TABLE', 'DESCRIBE', 'SHOW']);

function q(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Starts a local HTTP stand-in of the BigQuery REST API for `@google-cloud/bigquery`: datasets and
 * tables (get, insert, patch, delete), jobs.insert for queries and for parquet loads sent as media
 * uploads, jobs.get, jobs.getQueryResults and jobs.query, with BigQuery's 409 on a duplicate job id.
 * SQL runs on DuckDB after `translate`; a multi-statement script runs on one connection, so
 * BEGIN TRANSACTION … COMMIT TRANSACTION is one DuckDB transaction. README.md beside this file lists
 * the calls and rewrites.
 *
 * @example
 * const standIn = await startBigQueryStandIn();
 * const auth = new OAuth2Client();
 * auth.setCredentials({ access_token: standIn.accessToken, expiry_date: Date.now() + 3_600_000 });
 * const bigquery = new BigQuery({ projectId: standIn.projectId, apiEndpoint: standIn.apiEndpoint, authClient: auth });
 */
export async function startBigQueryStandIn(options: BigQueryStandInOptions = {}): Promise<BigQueryStandIn> {
  const projectId = options.projectId ?? 'ferry-local';
  const accessToken = options.accessToken ?? 'ferry-standin-token';
  const location = options.location ?? 'US';
  const translate = options.translate ?? translateBigQuerySql;
  const faults = new BigQueryFaults();
  const jobLog: { jobId: string; type: 'QUERY' | 'LOAD'; query?: string }[] = [];
  const jobs = new Map<string, Job>();
  // BigQuery types as declared (API schemas, loads), where DuckDB's type alone cannot tell them apart
  // (BIGNUMERIC vs NUMERIC, precision and scale). Keyed by lower-cased dataset.table, then column.
  const declared = new Map<string, Map<string, Field>>();

  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  await db.run(`SET TimeZone = 'UTC'`);
  let apiEndpoint = '';

  async function connection(): Promise<DuckDBConnection> {
    const conn = await instance.connect();
    // BigQuery TIMESTAMP is UTC; casts between wall-clock and instant must not use the host's zone.
    await conn.run(`SET TimeZone = 'UTC'`);
    return conn;
  }

  async function datasetExists(conn: DuckDBConnection, dataset: string): Promise<boolean> {
    const r = await conn.runAndReadAll(`SELECT 1 FROM information_schema.schemata WHERE schema_name = $1`, [dataset]);
    return r.currentRowCount > 0;
  }

  async function tableFields(conn: DuckDBConnection, dataset: string, table: string): Promise<Field[] | undefined> {
    const r = await conn.runAndReadAll(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
      [dataset, table],
    );
    if (r.currentRowCount === 0) return undefined;
    const known = declared.get(`${dataset}.${table}`.toLowerCase());
    return r.getRows().map(([name, type]) => {
      const field = known?.get(String(name).toLowerCase());
      return field === undefined
        ? { name: String(name), type: bigQueryType(String(type)), mode: 'NULLABLE' }
        : { ...field, name: String(name) };
    });
  }

  function declare(dataset: string, table: string, fields: readonly Field[]): void {
    const key = `${dataset}.${table}`.toLowerCase();
    const known = declared.get(key) ?? new Map<string, Field>();
    for (const f of fields) known.set(f.name.toLowerCase(), { mode: 'NULLABLE', ...f, type: f.type.toUpperCase() });
    declared.set(key, known);
  }

  function columnDdl(field: Field): string {
    return `${q(field.name)} ${duckDbTypeForField(field)}${field.mode === 'REQUIRED' ? ' NOT NULL' : ''}`;
  }

  // ---- queries -------------------------------------------------------------------------------------

  function bindParameters(
    prepared: Awaited<ReturnType<DuckDBConnection['prepare']>>,
    parameters: readonly QueryParameter[],
  ): void {
    for (let i = 1; i <= prepared.parameterCount; i += 1) {
      const name = prepared.parameterName(i);
      const parameter = /^\d+$/.test(name)
        ? parameters[Number(name) - 1]
        : parameters.find((p) => p.name?.toLowerCase() === name.toLowerCase());
      if (parameter === undefined) {
        throw new BigQueryJobFailure({
          reason: 'invalidQuery',
          message: `Query parameter '${name}' not found`,
          location: 'q',
        });
      }
      const value = parameter.parameterValue?.value ?? null;
      if (value === null) prepared.bindNull(i);
      else if (parameter.parameterType?.type === 'BYTES' || prepared.parameterTypeId(i) === DuckDBTypeId.BLOB)
        prepared.bindBlob(i, Buffer.from(value, 'base64'));
      else prepared.bindVarchar(i, value);
    }
  }

  /** The table a DML statement writes, as BigQuery names it in errors (`project:dataset.table`). */
  function dmlTarget(sql: string): string {
    const m =
      /^\s*(?:MERGE\s+INTO|UPDATE|DELETE\s+FROM)\s+((?:"(?:[^"]|"")*"|\w+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|\w+))*)/i.exec(
        sql,
      );
    const path = (m?.[1] ?? 'unknown').split('.').map((p) => p.trim().replace(/^"|"$/g, '').replace(/""/g, '"'));
    return `${projectId}:${path.join('.')}`;
  }

  async function runQuery(
    query: string,
    parameters: readonly QueryParameter[],
    defaultDataset?: string,
  ): Promise<JobResult> {
    const statements = splitSqlStatements(query);
    const conn = await connection();
    let inTransaction = false;
    try {
      if (defaultDataset !== undefined) await conn.run(`USE ${q(defaultDataset)}`);
      let last: JobResult | undefined;
      for (const statement of statements) {
        let sql = translate(statement);
        const keyword = statementKeyword(sql);
        if (MUTATING_DML.has(keyword) && faults.takeDml()) {
          const table = dmlTarget(sql);
          throw new BigQueryJobFailure({
            reason: 'invalidQuery',
            location: 'q',
            message: inTransaction
              ? `Transaction is aborted due to concurrent update against table ${table}.`
              : `Could not serialize access to table ${table} due to concurrent update`,
          });
        }
        // DuckDB reports one count for a MERGE; merge_action splits it into BigQuery's dmlStats.
        if (keyword === 'MERGE' && !/\bRETURNING\b/i.test(sql))
          sql = `${sql.replace(/;\s*$/, '')} RETURNING merge_action`;
        let result: DuckDBResultReader;
        try {
          if (sql.includes('$') || sql.includes('?')) {
            const prepared = await conn.prepare(sql);
            if (prepared.parameterCount > 0) bindParameters(prepared, parameters);
            result = await prepared.runAndReadAll();
          } else {
            result = await conn.runAndReadAll(sql);
          }
        } catch (error) {
          if (error instanceof BigQueryJobFailure) throw error;
          throw new BigQueryJobFailure(
            { reason: 'invalidQuery', message: `Query error: ${errorText(error)}`, location: 'q' },
            400,
            {
              cause: error,
            },
          );
        }
        if (keyword === 'BEGIN' || keyword === 'START') inTransaction = true;
        if (keyword === 'COMMIT' || keyword === 'ROLLBACK') inTransaction = false;
        if (keyword === 'MERGE') {
          const counts: Record<string, bigint> = { INSERT: 0n, UPDATE: 0n, DELETE: 0n };
          for (const [action] of result.getRows()) counts[String(action)] = (counts[String(action)] ?? 0n) + 1n;
          const total = (counts.INSERT ?? 0n) + (counts.UPDATE ?? 0n) + (counts.DELETE ?? 0n);
          last = {
            rows: [],
            statementType: 'MERGE',
            numDmlAffectedRows: total,
            dmlStats: {
              insertedRowCount: String(counts.INSERT),
              updatedRowCount: String(counts.UPDATE),
              deletedRowCount: String(counts.DELETE),
            },
          };
        } else if (keyword === 'INSERT' || keyword === 'UPDATE' || keyword === 'DELETE') {
          const n = BigInt((result.getRows()[0]?.[0] as bigint | number | undefined) ?? 0);
          const stat =
            keyword === 'INSERT' ? 'insertedRowCount' : keyword === 'UPDATE' ? 'updatedRowCount' : 'deletedRowCount';
          last = { rows: [], statementType: keyword, numDmlAffectedRows: n, dmlStats: { [stat]: String(n) } };
        } else if (ROWS.has(keyword)) {
          const types = result.columnTypes();
          last = {
            statementType: 'SELECT',
            schema: {
              fields: result.columnNames().map((name, i) => ({
                name,
                type: bigQueryType(String(types[i])),
                mode: 'NULLABLE',
              })),
            },
            rows: result.getRows(),
          };
        } else if (last === undefined || statements.length === 1) {
          last = { rows: [], statementType: keyword === 'CREATE' ? 'CREATE_TABLE' : keyword };
        }
      }
      if (inTransaction) {
        throw new BigQueryJobFailure({
          reason: 'invalidQuery',
          message: 'Transaction started in this script was not committed or rolled back (rolled back by the stand-in).',
          location: 'q',
        });
      }
      const answer = last ?? { rows: [], statementType: 'SCRIPT' };
      return statements.length > 1 ? { ...answer, statementType: 'SCRIPT' } : answer;
    } catch (error) {
      // A failed script rolls back the transaction it opened, as BigQuery does.
      if (inTransaction) await conn.run('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      conn.closeSync();
    }
  }

  // ---- loads ---------------------------------------------------------------------------------------

  /** The BigQuery field a parquet column loads as, when no explicit schema names it. */
  function loadedField(name: string, duckType: string, decimalTargetTypes: readonly string[] | undefined): Field {
    const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/i.exec(duckType);
    if (decimal !== null) {
      const width = Number(decimal[1]);
      const scale = Number(decimal[2]);
      const allowed = decimalTargetTypes ?? ['NUMERIC'];
      // BigQuery tries NUMERIC, BIGNUMERIC, STRING in that order, whatever order the list has.
      if (allowed.includes('NUMERIC') && width - scale <= 29 && scale <= 9)
        return { name, type: 'NUMERIC', mode: 'NULLABLE' };
      if (allowed.includes('BIGNUMERIC') && width - scale <= 38 && scale <= 38)
        return { name, type: 'BIGNUMERIC', precision: String(width), scale: String(scale), mode: 'NULLABLE' };
      if (allowed.includes('STRING')) return { name, type: 'STRING', mode: 'NULLABLE' };
      throw new BigQueryJobFailure({
        reason: 'invalid',
        message: `Error while reading data, error message: Parquet column '${name}' has type DECIMAL(${width},${scale}) which does not fit the decimal target types ${JSON.stringify(allowed)}; set decimalTargetTypes`,
      });
    }
    // Parquet UINT64 loads as INT64: values above 2^63-1 fail the load, as in BigQuery.
    if (/^UBIGINT$/i.test(duckType)) return { name, type: 'INTEGER', mode: 'NULLABLE' };
    // Parquet timestamps load as TIMESTAMP (UTC), adjusted-to-UTC or not.
    if (/^TIMESTAMP/i.test(duckType)) return { name, type: 'TIMESTAMP', mode: 'NULLABLE' };
    return { name, type: bigQueryType(duckType), mode: 'NULLABLE' };
  }

  async function runLoad(load: Record<string, unknown>, media: Buffer): Promise<bigint> {
    const destination = (load.destinationTable ?? {}) as { datasetId?: string; tableId?: string };
    const dataset = String(destination.datasetId);
    const table = String(destination.tableId);
    const tableName = `${projectId}:${dataset}.${table}`;
    if (String(load.sourceFormat ?? '').toUpperCase() !== 'PARQUET') {
      throw new BigQueryJobFailure({
        reason: 'invalid',
        message: `The stand-in loads only PARQUET, not ${String(load.sourceFormat)}`,
      });
    }
    const writeDisposition = String(load.writeDisposition ?? 'WRITE_APPEND');
    const schemaUpdateOptions = (load.schemaUpdateOptions ?? []) as string[];
    const explicit = ((load.schema as { fields?: Field[] } | undefined)?.fields ?? []).map((f) => ({
      ...f,
      type: f.type.toUpperCase(),
    }));
    const path = join(tmpdir(), `ferry-bq-standin-${randomUUID()}.parquet`);
    await writeFile(path, media);
    const conn = await connection();
    let open = false;
    try {
      if (!(await datasetExists(conn, dataset))) {
        throw new BigQueryJobFailure({ reason: 'notFound', message: `Not found: Dataset ${projectId}:${dataset}` });
      }
      const source = `read_parquet('${path.replace(/'/g, "''")}')`;
      const described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRows().map(([n, t]) => ({
        name: String(n),
        duckType: String(t),
      }));
      const byName = new Map(explicit.map((f) => [f.name.toLowerCase(), f]));
      const decimalTargetTypes = load.decimalTargetTypes as string[] | undefined;
      const incoming = described.map((c) => ({
        ...c,
        field: byName.get(c.name.toLowerCase()) ?? loadedField(c.name, c.duckType, decimalTargetTypes),
      }));
      await conn.run('BEGIN TRANSACTION');
      open = true;
      let existing = await tableFields(conn, dataset, table);
      if (existing === undefined) {
        if (load.createDisposition === 'CREATE_NEVER') {
          throw new BigQueryJobFailure({ reason: 'notFound', message: `Not found: Table ${tableName}` });
        }
        // The explicit schema decides the types it names; parquet columns it omits keep their own.
        const fields = [
          ...incoming.map((c) => c.field),
          ...explicit.filter((f) => !incoming.some((c) => c.name.toLowerCase() === f.name.toLowerCase())),
        ];
        await conn.run(`CREATE TABLE ${q(dataset)}.${q(table)} (${fields.map(columnDdl).join(', ')})`);
        declare(dataset, table, fields);
        existing = fields;
      } else {
        if (schemaUpdateOptions.length > 0 && writeDisposition !== 'WRITE_APPEND') {
          throw new BigQueryJobFailure({
            reason: 'invalid',
            message:
              'Schema update options should only be specified with WRITE_APPEND disposition, or with WRITE_TRUNCATE disposition on a table partition.',
          });
        }
        if (writeDisposition === 'WRITE_EMPTY') {
          const rows = await conn.runAndReadAll(`SELECT 1 FROM ${q(dataset)}.${q(table)} LIMIT 1`);
          if (rows.currentRowCount > 0) {
            throw new BigQueryJobFailure({ reason: 'duplicate', message: `Already Exists: Table ${tableName}` });
          }
        }
        if (writeDisposition === 'WRITE_TRUNCATE') await conn.run(`DELETE FROM ${q(dataset)}.${q(table)}`);
        const have = new Set(existing.map((f) => f.name.toLowerCase()));
        const added = [
          ...explicit.filter((f) => !have.has(f.name.toLowerCase())),
          ...incoming.map((c) => c.field),
        ].filter(
          (f, i, all) =>
            !have.has(f.name.toLowerCase()) &&
            all.findIndex((g) => g.name.toLowerCase() === f.name.toLowerCase()) === i,
        );
        if (added.length > 0 && !schemaUpdateOptions.includes('ALLOW_FIELD_ADDITION')) {
          throw new BigQueryJobFailure({
            reason: 'invalid',
            message: `Provided Schema does not match Table ${tableName}. Cannot add fields (field: ${added[0]?.name})`,
          });
        }
        for (const f of added)
          await conn.run(`ALTER TABLE ${q(dataset)}.${q(table)} ADD COLUMN ${columnDdl({ ...f, mode: 'NULLABLE' })}`);
        declare(dataset, table, added);
        existing = [...existing, ...added];
      }
      const target = new Map(existing.map((f) => [f.name.toLowerCase(), f]));
      const columns = incoming.filter((c) => target.has(c.name.toLowerCase()));
      const insert = `INSERT INTO ${q(dataset)}.${q(table)} (${columns.map((c) => q((target.get(c.name.toLowerCase()) as Field).name)).join(', ')}) SELECT ${columns
        .map((c) => `CAST(${q(c.name)} AS ${duckDbTypeForField(target.get(c.name.toLowerCase()) as Field)})`)
        .join(', ')} FROM ${source}`;
      let inserted: bigint;
      try {
        inserted = BigInt((await conn.runAndReadAll(insert)).getRows()[0]?.[0] as bigint);
      } catch (error) {
        throw new BigQueryJobFailure(
          { reason: 'invalid', message: `Error while reading data, error message: ${errorText(error)}` },
          400,
          {
            cause: error,
          },
        );
      }
      await conn.run('COMMIT');
      open = false;
      return inserted;
    } catch (error) {
      if (open) await conn.run('ROLLBACK').catch(() => undefined);
      if (error instanceof BigQueryJobFailure) throw error;
      throw new BigQueryJobFailure({ reason: 'invalid', message: errorText(error) }, 400, { cause: error });
    } finally {
      conn.closeSync();
      await rm(path, { force: true });
    }
  }

  // ---- jobs ----------------------------------------------------------------------------------------

  function jobResource(
    jobId: string,
    configuration: Record<string, unknown>,
    type: 'QUERY' | 'LOAD',
  ): Record<string, unknown> {
    const now = String(Date.now());
    return {
      kind: 'bigquery#job',
      etag: `"${randomUUID()}"`,
      id: `${projectId}:${location}.${jobId}`,
      selfLink: `${apiEndpoint}/bigquery/v2/projects/${projectId}/jobs/${jobId}?location=${location}`,
      user_email: 'ferry-standin@ferry.local',
      configuration: { ...configuration, jobType: type },
      jobReference: { projectId, jobId, location },
      statistics: { creationTime: now, startTime: now, endTime: now },
    };
  }

  /** Runs a job to its end and stores it; the stored resource is DONE, with errorResult if it failed. */
  async function runJob(
    jobId: string,
    configuration: Record<string, unknown>,
    media: Buffer | undefined,
  ): Promise<Job> {
    const type = configuration.load === undefined ? 'QUERY' : 'LOAD';
    const query = (configuration.query ?? {}) as Record<string, unknown>;
    jobLog.push({ jobId, type, ...(type === 'QUERY' ? { query: String(query.query ?? '') } : {}) });
    const resource = jobResource(jobId, configuration, type);
    const injected = faults.failureFor(jobId);
    let job: Job;
    try {
      if (injected !== undefined) throw new BigQueryJobFailure(injected);
      if (type === 'LOAD') {
        if (media === undefined) {
          throw new BigQueryJobFailure({
            reason: 'invalid',
            message: 'The stand-in loads only media uploads, not sourceUris',
          });
        }
        const outputRows = await runLoad(configuration.load as Record<string, unknown>, media);
        const statistics = resource.statistics as Record<string, unknown>;
        statistics.load = {
          inputFiles: '1',
          inputFileBytes: String(media.length),
          outputRows: String(outputRows),
          badRecords: '0',
        };
        job = { resource: { ...resource, status: { state: 'DONE' } } };
      } else {
        const defaultDataset = (query.defaultDataset as { datasetId?: string } | undefined)?.datasetId;
        const result = await runQuery(
          String(query.query ?? ''),
          (query.queryParameters ?? []) as QueryParameter[],
          defaultDataset,
        );
        const statistics = resource.statistics as Record<string, unknown>;
        statistics.query = {
          statementType: result.statementType,
          ...(result.numDmlAffectedRows === undefined ? {} : { numDmlAffectedRows: String(result.numDmlAffectedRows) }),
          ...(result.dmlStats === undefined ? {} : { dmlStats: result.dmlStats }),
        };
        job = { resource: { ...resource, status: { state: 'DONE' } }, result };
      }
    } catch (error) {
      const failure =
        error instanceof BigQueryJobFailure ? error.error : { reason: 'backendError', message: errorText(error) };
      job = {
        resource: { ...resource, status: { state: 'DONE', errorResult: failure, errors: [failure] } },
        error: failure,
      };
    }
    jobs.set(jobId, job);
    return job;
  }

  function running(job: Job): Record<string, unknown> {
    const { creationTime, startTime } = job.resource.statistics as Record<string, unknown>;
    return { ...job.resource, statistics: { creationTime, startTime }, status: { state: 'RUNNING' } };
  }

  /** The job as a read sees it: RUNNING while a `holdRunning` fault lasts. */
  function view(jobId: string, job: Job): Record<string, unknown> {
    return faults.stillRunning(jobId) ? running(job) : job.resource;
  }

  function alreadyExists(response: ServerResponse, jobId: string): void {
    sendJson(
      response,
      409,
      bigQueryErrorBody(409, { reason: 'duplicate', message: `Already Exists: Job ${projectId}:${location}.${jobId}` }),
    );
  }

  async function insertJob(
    body: Record<string, unknown>,
    media: Buffer | undefined,
    response: ServerResponse,
  ): Promise<void> {
    const reference = (body.jobReference ?? {}) as { jobId?: string };
    const jobId = reference.jobId ?? randomUUID();
    if (!/^[A-Za-z0-9_-]{1,1024}$/.test(jobId)) {
      sendJson(response, 400, bigQueryErrorBody(400, { reason: 'invalid', message: `Invalid job ID "${jobId}".` }));
      return;
    }
    // Job ids are unique per project, whatever became of the first job (FACTS §4).
    if (jobs.has(jobId)) {
      alreadyExists(response, jobId);
      return;
    }
    const job = await runJob(jobId, (body.configuration ?? {}) as Record<string, unknown>, media);
    if (faults.takeInsertConflict()) {
      alreadyExists(response, jobId);
      return;
    }
    // The job has already finished here, but BigQuery answers an insert before its job ends: report
    // RUNNING, so a client must read the job (jobs.get, getQueryResults) to learn how it ended.
    sendJson(response, 200, running(job));
  }

  function queryResults(jobId: string, job: Job, useInt64Timestamp: boolean): Record<string, unknown> {
    const result = job.result as JobResult;
    const types = result.schema?.fields.map((f) => f.type) ?? [];
    return {
      kind: 'bigquery#getQueryResultsResponse',
      etag: `"${randomUUID()}"`,
      jobReference: { projectId, jobId, location },
      ...(result.schema === undefined ? {} : { schema: result.schema }),
      totalRows: String(result.rows.length),
      ...(result.rows.length === 0
        ? {}
        : {
            rows: result.rows.map((row) => ({
              f: row.map((v, i) => ({ v: bigQueryCell(v, useInt64Timestamp && types[i] === 'TIMESTAMP') })),
            })),
          }),
      totalBytesProcessed: '0',
      jobComplete: true,
      cacheHit: false,
      ...(result.numDmlAffectedRows === undefined ? {} : { numDmlAffectedRows: String(result.numDmlAffectedRows) }),
      ...(result.dmlStats === undefined ? {} : { dmlStats: result.dmlStats }),
    };
  }

  const serviceAccountKey = options.serviceAccount ? createPublicKey(options.serviceAccount.publicKey) : undefined;
  /** The fixed bearer token, or a valid self-signed JWT of the configured service account. */
  function authorized(header: string | undefined): boolean {
    if (header === `Bearer ${accessToken}`) return true;
    if (header === undefined || !header.startsWith('Bearer ') || serviceAccountKey === undefined) return false;
    return (
      verifyServiceAccountJwt(header.slice(7), serviceAccountKey, options.serviceAccount!.clientEmail) === undefined
    );
  }

  // ---- HTTP ----------------------------------------------------------------------------------------

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://standin');
    const method = request.method ?? 'GET';
    const raw = await readRequestBody(request);
    if (!authorized(request.headers.authorization)) {
      sendJson(
        response,
        401,
        bigQueryErrorBody(401, {
          reason: 'required',
          message: 'Request is missing required authentication credential.',
        }),
      );
      return;
    }
    const json = () => (raw.length === 0 ? {} : (JSON.parse(raw.toString('utf8')) as Record<string, unknown>));
    const path = url.pathname;
    const upload = new RegExp(`^/upload/bigquery/v2/projects/${projectId}/jobs$`).exec(path);
    if (upload !== null && method === 'POST') {
      const parts = parseMultipartRelated(raw, request.headers['content-type'] ?? '');
      const metadata = JSON.parse((parts[0]?.body ?? Buffer.from('{}')).toString('utf8')) as Record<string, unknown>;
      await insertJob(metadata, parts[1]?.body ?? Buffer.alloc(0), response);
      return;
    }
    const prefix = `/bigquery/v2/projects/${projectId}`;
    if (!path.startsWith(prefix)) {
      sendJson(
        response,
        404,
        bigQueryErrorBody(404, { reason: 'notFound', message: `Not found: ${path} (not implemented by the stand-in)` }),
      );
      return;
    }
    const rest = path
      .slice(prefix.length)
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent);
    const conn = db;

    // jobs.insert, jobs.get, jobs.getQueryResults, jobs.query
    if (rest[0] === 'jobs' && rest.length === 1 && method === 'POST') {
      await insertJob(json(), undefined, response);
      return;
    }
    if (rest[0] === 'jobs' && rest.length === 2 && method === 'GET') {
      const job = jobs.get(rest[1] as string);
      if (job === undefined)
        sendJson(
          response,
          404,
          bigQueryErrorBody(404, { reason: 'notFound', message: `Not found: Job ${projectId}:${location}.${rest[1]}` }),
        );
      else sendJson(response, 200, view(rest[1] as string, job));
      return;
    }
    if (rest[0] === 'queries' && rest.length === 2 && method === 'GET') {
      const jobId = rest[1] as string;
      const job = jobs.get(jobId);
      if (job === undefined) {
        sendJson(
          response,
          404,
          bigQueryErrorBody(404, { reason: 'notFound', message: `Not found: Job ${projectId}:${location}.${jobId}` }),
        );
      } else if (faults.stillRunning(jobId)) {
        sendJson(response, 200, {
          kind: 'bigquery#getQueryResultsResponse',
          jobReference: { projectId, jobId, location },
          jobComplete: false,
        });
      } else if (job.error !== undefined) {
        sendJson(response, 400, bigQueryErrorBody(400, job.error));
      } else if (job.result === undefined) {
        sendJson(
          response,
          400,
          bigQueryErrorBody(400, { reason: 'invalid', message: `Job ${jobId} is not a query job` }),
        );
      } else {
        sendJson(
          response,
          200,
          queryResults(jobId, job, url.searchParams.get('formatOptions.useInt64Timestamp') === 'true'),
        );
      }
      return;
    }
    if (rest[0] === 'queries' && rest.length === 1 && method === 'POST') {
      const body = json();
      const jobId = `job_${randomUUID().replace(/-/g, '_')}`;
      const { query, queryParameters, defaultDataset } = body;
      const job = await runJob(
        jobId,
        { query: { query, queryParameters, defaultDataset, useLegacySql: false } },
        undefined,
      );
      if (job.error !== undefined) {
        sendJson(response, 400, bigQueryErrorBody(400, job.error));
        return;
      }
      const formatOptions = (body.formatOptions ?? {}) as { useInt64Timestamp?: boolean };
      sendJson(response, 200, {
        ...queryResults(jobId, job, formatOptions.useInt64Timestamp === true),
        kind: 'bigquery#queryResponse',
      });
      return;
    }

    // datasets
    if (rest[0] === 'datasets' && rest.length === 1 && method === 'POST') {
      const body = json();
      const datasetId = String((body.datasetReference as { datasetId?: string } | undefined)?.datasetId);
      if (await datasetExists(conn, datasetId)) {
        sendJson(
          response,
          409,
          bigQueryErrorBody(409, { reason: 'duplicate', message: `Already Exists: Dataset ${projectId}:${datasetId}` }),
        );
        return;
      }
      await conn.run(`CREATE SCHEMA ${q(datasetId)}`);
      sendJson(response, 200, {
        kind: 'bigquery#dataset',
        id: `${projectId}:${datasetId}`,
        datasetReference: { projectId, datasetId },
        location,
      });
      return;
    }
    if (rest[0] === 'datasets' && rest.length >= 2) {
      const datasetId = rest[1] as string;
      const exists = await datasetExists(conn, datasetId);
      if (!exists) {
        sendJson(
          response,
          404,
          bigQueryErrorBody(404, { reason: 'notFound', message: `Not found: Dataset ${projectId}:${datasetId}` }),
        );
        return;
      }
      if (rest.length === 2 && method === 'GET') {
        sendJson(response, 200, {
          kind: 'bigquery#dataset',
          id: `${projectId}:${datasetId}`,
          datasetReference: { projectId, datasetId },
          location,
        });
        return;
      }
      if (rest.length === 2 && method === 'DELETE') {
        await conn.run(
          `DROP SCHEMA ${q(datasetId)}${url.searchParams.get('deleteContents') === 'true' ? ' CASCADE' : ''}`,
        );
        response.writeHead(204).end();
        return;
      }
      if (rest[2] === 'tables' && rest.length === 3 && method === 'POST') {
        const body = json();
        const tableId = String((body.tableReference as { tableId?: string } | undefined)?.tableId);
        if ((await tableFields(conn, datasetId, tableId)) !== undefined) {
          sendJson(
            response,
            409,
            bigQueryErrorBody(409, {
              reason: 'duplicate',
              message: `Already Exists: Table ${projectId}:${datasetId}.${tableId}`,
            }),
          );
          return;
        }
        const fields = ((body.schema as { fields?: Field[] } | undefined)?.fields ?? []).map((f) => ({
          ...f,
          type: f.type.toUpperCase(),
        }));
        await conn.run(`CREATE TABLE ${q(datasetId)}.${q(tableId)} (${fields.map(columnDdl).join(', ')})`);
        declare(datasetId, tableId, fields);
        sendJson(response, 200, await tableResource(datasetId, tableId));
        return;
      }
      if (rest[2] === 'tables' && rest.length === 4) {
        const tableId = rest[3] as string;
        const fields = await tableFields(conn, datasetId, tableId);
        if (fields === undefined) {
          sendJson(
            response,
            404,
            bigQueryErrorBody(404, {
              reason: 'notFound',
              message: `Not found: Table ${projectId}:${datasetId}.${tableId}`,
            }),
          );
          return;
        }
        if (method === 'GET') {
          sendJson(response, 200, await tableResource(datasetId, tableId));
          return;
        }
        if (method === 'DELETE') {
          await conn.run(`DROP TABLE ${q(datasetId)}.${q(tableId)}`);
          declared.delete(`${datasetId}.${tableId}`.toLowerCase());
          response.writeHead(204).end();
          return;
        }
        if (method === 'PATCH' || method === 'PUT') {
          // Schema changes: BigQuery allows adding NULLABLE fields; it never drops one this way.
          const wanted = ((json().schema as { fields?: Field[] } | undefined)?.fields ?? []).map((f) => ({
            ...f,
            type: f.type.toUpperCase(),
          }));
          const have = new Set(fields.map((f) => f.name.toLowerCase()));
          const missing = fields.filter((f) => !wanted.some((w) => w.name.toLowerCase() === f.name.toLowerCase()));
          if (wanted.length > 0 && missing.length > 0) {
            sendJson(
              response,
              400,
              bigQueryErrorBody(400, {
                reason: 'invalid',
                message: `Provided Schema does not match Table ${projectId}:${datasetId}.${tableId}. Field ${missing[0]?.name} is missing in new schema`,
              }),
            );
            return;
          }
          const added = wanted.filter((f) => !have.has(f.name.toLowerCase()));
          for (const f of added)
            await conn.run(
              `ALTER TABLE ${q(datasetId)}.${q(tableId)} ADD COLUMN ${columnDdl({ ...f, mode: 'NULLABLE' })}`,
            );
          declare(datasetId, tableId, added);
          sendJson(response, 200, await tableResource(datasetId, tableId));
          return;
        }
      }
    }
    sendJson(
      response,
      404,
      bigQueryErrorBody(404, { reason: 'notFound', message: `The stand-in does not implement ${method} ${path}` }),
    );
  }

  async function tableResource(datasetId: string, tableId: string): Promise<Record<string, unknown>> {
    const fields = (await tableFields(db, datasetId, tableId)) ?? [];
    const count = await db.runAndReadAll(`SELECT count(*) FROM ${q(datasetId)}.${q(tableId)}`);
    return {
      kind: 'bigquery#table',
      etag: `"${randomUUID()}"`,
      id: `${projectId}:${datasetId}.${tableId}`,
      tableReference: { projectId, datasetId, tableId },
      schema: { fields },
      numRows: String(count.getRows()[0]?.[0] ?? 0),
      type: 'TABLE',
      location,
    };
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const failure = error instanceof BigQueryJobFailure ? error : undefined;
      sendJson(
        response,
        failure?.httpCode ?? 500,
        bigQueryErrorBody(
          failure?.httpCode ?? 500,
          failure?.error ?? { reason: 'backendError', message: errorText(error) },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    projectId,
    apiEndpoint,
    accessToken,
    instance,
    db,
    faults,
    jobs: jobLog,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.closeSync();
      instance.closeSync();
    },
  };
}
