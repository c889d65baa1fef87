import { createPublicKey, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';
import { DuckDBInstance, DuckDBTypeId } from '@duckdb/node-api';
import { parseSnowflakeStageCommand } from './parseSnowflakeStageCommand.js';
import { readRequestBody } from './readRequestBody.js';
import { SnowflakeFaults } from './SnowflakeFaults.js';
import type { SnowflakeQueryData } from './SnowflakeQueryData.js';
import { SnowflakeStages } from './SnowflakeStages.js';
import type { SnowflakeStandIn } from './SnowflakeStandIn.js';
import type { SnowflakeStandInOptions } from './SnowflakeStandInOptions.js';
import { SnowflakeStatementError } from './SnowflakeStatementError.js';
import { sendJson } from './sendJson.js';
import { snowflakeCell } from './snowflakeCell.js';
import { snowflakeColumn } from './snowflakeColumn.js';
import { snowflakeErrorFor } from './snowflakeErrorFor.js';
import { splitSqlStatements } from './splitSqlStatements.js';
import { statementKeyword } from './statementKeyword.js';
import { translateSnowflakeSql } from './translateSnowflakeSql.js';
import { verifySnowflakeJwt } from './verifySnowflakeJwt.js';

interface Session {
  readonly id: number;
  readonly conn: DuckDBConnection;
  readonly sessionParameters: Record<string, unknown>;
  inTransaction: boolean;
}

interface Binding {
  readonly type: string;
  readonly value: string | null | (string | null)[];
}

// Statement type ids the SDK inspects (lib/connection/result/statement_type.js): DML is 0x3xxx.
const STATEMENT_TYPE = {
  SELECT: 0x1000,
  INSERT: 0x3100,
  UPDATE: 0x3200,
  DELETE: 0x3300,
  MERGE: 0x3400,
  TRANSACTION: 0x5000,
  DDL: 0x6000,
} as const;

const TRANSACTION_START = new Set(['BEGIN', 'START']);
const TRANSACTION_END = new Set(['COMMIT', 'ROLLBACK']);
const DDL = new Set(['CREATE', 'ALTER', 'DROP', 'TRUNCATE']);
// Session statements that choose Snowflake compute or settings, with nothing to do on DuckDB.
const SESSION_NO_OP = /^\s*(USE\s+(WAREHOUSE|ROLE|SECONDARY\s+ROLES)\b|ALTER\s+SESSION\b)/i;

const FIXED_COUNT = { type: 'fixed', precision: 19, scale: 0, nullable: false, database: '', schema: '', table: '' };

/** Output formats the SDK needs to convert cells (it reads them from each result's `parameters`). */
const RESULT_PARAMETERS = {
  TIMEZONE: 'UTC',
  TIMESTAMP_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM',
  TIMESTAMP_NTZ_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3',
  TIMESTAMP_LTZ_OUTPUT_FORMAT: '',
  TIMESTAMP_TZ_OUTPUT_FORMAT: '',
  DATE_OUTPUT_FORMAT: 'YYYY-MM-DD',
  TIME_OUTPUT_FORMAT: 'HH24:MI:SS',
  BINARY_OUTPUT_FORMAT: 'HEX',
  CLIENT_SESSION_KEEP_ALIVE: false,
} as const;

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Starts a local HTTP stand-in of Snowflake for the official `snowflake-sdk`: key-pair (JWT) login,
 * query requests with binds (array binds included), heartbeat, session close; every statement is
 * executed on DuckDB after `translate`. See README.md beside this file for the calls and rewrites.
 *
 * @example
 * const standIn = await startSnowflakeStandIn({ publicKey });
 * const conn = snowflake.createConnection({ account: standIn.account, accessUrl: standIn.accessUrl,
 *   username: standIn.username, authenticator: 'SNOWFLAKE_JWT', privateKey });
 */
export async function startSnowflakeStandIn(options: SnowflakeStandInOptions): Promise<SnowflakeStandIn> {
  const account = options.account ?? 'FERRY_LOCAL';
  const username = options.username ?? 'FERRY';
  const database = options.database ?? 'FERRY';
  const schema = options.schema ?? 'PUBLIC';
  const translate = options.translate ?? translateSnowflakeSql;
  const publicKey = typeof options.publicKey === 'string' ? createPublicKey(options.publicKey) : options.publicKey;
  const faults = new SnowflakeFaults();
  const statements: string[] = [];
  const traffic = { requests: 0, requestBytes: 0, copiedFiles: 0, copiedBytes: 0 };
  // Internal stages are directories here; PUT answers LOCAL_FS with one, and the SDK copies the file in.
  const stageDirectory = await mkdtemp(join(tmpdir(), 'ferry-snowflake-stages-'));
  const stages = new SnowflakeStages(stageDirectory, database, schema, traffic);

  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  await db.run(`ATTACH ':memory:' AS ${quoteIdent(database)}`);
  await db.run(`CREATE SCHEMA ${quoteIdent(database)}.${quoteIdent(schema)}`);
  const useDefault = `USE ${quoteIdent(database)}.${quoteIdent(schema)}`;
  await db.run(useDefault);

  const sessions = new Map<string, Session>();
  let nextSessionId = 1;

  function parametersOf(session: Session): { name: string; value: unknown }[] {
    return Object.entries({ ...RESULT_PARAMETERS, ...session.sessionParameters }).map(([name, value]) => ({
      name,
      value,
    }));
  }

  async function login(body: Record<string, unknown>, url: URL, response: ServerResponse): Promise<void> {
    const data = (body.data ?? {}) as Record<string, unknown>;
    const failure = (message: string) =>
      sendJson(response, 200, {
        data: { nextAction: 'RETRY_LOGIN', authnMethod: 'KEYPAIR_JWT', signInOptions: {} },
        code: '390144',
        message: `JWT token is invalid. (${message})`,
        success: false,
        headers: null,
      });
    if (String(data.AUTHENTICATOR ?? '').toUpperCase() !== 'SNOWFLAKE_JWT') {
      failure('the stand-in accepts only key-pair (SNOWFLAKE_JWT) logins');
      return;
    }
    if (String(data.LOGIN_NAME ?? '').toUpperCase() !== username.toUpperCase()) {
      sendJson(response, 200, {
        data: null,
        code: '390100',
        message: 'Incorrect username or password was specified.',
        success: false,
        headers: null,
      });
      return;
    }
    const problem = verifySnowflakeJwt(String(data.TOKEN ?? ''), publicKey, account, username);
    if (problem !== undefined) {
      failure(problem);
      return;
    }
    const conn = await instance.connect();
    await conn.run(useDefault);
    const token = `standin-session-${randomUUID()}`;
    const session: Session = {
      id: nextSessionId++,
      conn,
      sessionParameters: ((data.SESSION_PARAMETERS ?? {}) as Record<string, unknown>) ?? {},
      inTransaction: false,
    };
    sessions.set(token, session);
    sendJson(response, 200, {
      data: {
        masterToken: `standin-master-${randomUUID()}`,
        token,
        validityInSeconds: 3600,
        masterValidityInSeconds: 14400,
        displayUserName: username,
        serverVersion: 'ferry-standin',
        firstLogin: false,
        remMeToken: null,
        remMeValidityInSeconds: 0,
        healthCheckInterval: 45,
        newClientForUpgrade: null,
        sessionId: session.id,
        parameters: parametersOf(session),
        sessionInfo: {
          databaseName: url.searchParams.get('databaseName') ?? database,
          schemaName: url.searchParams.get('schemaName') ?? schema,
          warehouseName: url.searchParams.get('warehouse'),
          roleName: url.searchParams.get('roleName'),
        },
        idToken: null,
        idTokenValidityInSeconds: 0,
        responseData: null,
      },
      code: null,
      message: null,
      success: true,
    });
  }

  /** The rows of each binding set: one empty set without binds, one per row with array binds. */
  function bindRows(bindings: Record<string, Binding> | undefined): (string | null)[][] {
    if (bindings === undefined) return [[]];
    const keys = Object.keys(bindings).sort((a, b) => Number(a) - Number(b));
    const columns = keys.map((k) => (bindings[k] as Binding).value);
    const first = columns[0];
    if (Array.isArray(first)) {
      return first.map((_, row) => columns.map((c) => (Array.isArray(c) ? (c[row] ?? null) : c)));
    }
    return [columns as (string | null)[]];
  }

  /**
   * Runs `sql` once per binding set. With binds it is prepared once and run per row (an array bind inserts row
   * by row, as DuckDB has no array binding).
   */
  async function runRows(
    conn: DuckDBConnection,
    sql: string,
    rows: (string | null)[][],
  ): Promise<DuckDBResultReader[]> {
    if (rows.length === 1 && (rows[0] as (string | null)[]).length === 0) return [await conn.runAndReadAll(sql)];
    const prepared = await conn.prepare(sql);
    const width = (rows[0] as (string | null)[]).length;
    if (prepared.parameterCount !== width) {
      throw new SnowflakeStatementError(
        '002049',
        '42601',
        `SQL compilation error: Bind variable count mismatch: the statement has ${prepared.parameterCount}, ${width} were bound.`,
      );
    }
    // BINARY binds are hex text (BINARY_INPUT_FORMAT=HEX, Snowflake's default).
    const blob = Array.from({ length: width }, (_, i) => prepared.parameterTypeId(i + 1) === DuckDBTypeId.BLOB);
    const results: DuckDBResultReader[] = [];
    for (const values of rows) {
      values.forEach((value, i) => {
        if (value === null) prepared.bindNull(i + 1);
        else if (blob[i]) prepared.bindBlob(i + 1, Buffer.from(value, 'hex'));
        else prepared.bindVarchar(i + 1, value);
      });
      results.push(await prepared.runAndReadAll());
    }
    return results;
  }

  async function execute(
    session: Session,
    sqlText: string,
    bindings: Record<string, Binding> | undefined,
  ): Promise<SnowflakeQueryData> {
    const fault = faults.take(sqlText);
    if (fault !== undefined) {
      if (fault.abortsTransaction === true && session.inTransaction) {
        await session.conn.run('ROLLBACK');
        session.inTransaction = false;
      }
      throw new SnowflakeStatementError(
        fault.code ?? '000604',
        fault.sqlState ?? '57014',
        fault.message ?? 'SQL execution canceled',
      );
    }
    const parts = splitSqlStatements(sqlText);
    if (parts.length !== 1) {
      // MULTI_STATEMENT_COUNT defaults to 1; the stand-in does not implement multi-statement requests.
      throw new SnowflakeStatementError(
        '000008',
        '0A000',
        `Actual statement count ${parts.length} did not match the desired statement count 1.`,
      );
    }
    const statement = parts[0] as string;
    const status = (text: string, typeId: number): SnowflakeQueryData => ({
      rowtype: [
        { name: 'status', type: 'text', nullable: true, database: '', schema: '', table: '', length: 16777216 },
      ],
      rowset: [[text]],
      statementTypeId: typeId,
    });
    if (SESSION_NO_OP.test(statement)) return status('Statement executed successfully.', STATEMENT_TYPE.TRANSACTION);
    // Stage commands (CREATE/DROP STAGE, PUT, LIST, REMOVE, COPY INTO) are the stand-in's own, not DuckDB SQL.
    const command = parseSnowflakeStageCommand(statement);
    if (command !== undefined) return stages.execute(command, session);

    let sql = translate(statement);
    const keyword = statementKeyword(sql);
    // DuckDB reports one count for a MERGE; RETURNING merge_action lets the stand-in split it the way
    // Snowflake reports it (rows inserted, updated, deleted).
    if (keyword === 'MERGE' && !/\bRETURNING\b/i.test(sql)) sql = `${sql.replace(/;\s*$/, '')} RETURNING merge_action`;
    const rows = bindRows(bindings);
    const wrap = rows.length > 1 && !session.inTransaction;
    let results: DuckDBResultReader[] = [];
    try {
      if (wrap) await session.conn.run('BEGIN TRANSACTION');
      results = await runRows(session.conn, sql, rows);
      if (wrap) await session.conn.run('COMMIT');
    } catch (error) {
      if (wrap) await session.conn.run('ROLLBACK').catch(() => undefined);
      if (error instanceof SnowflakeStatementError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const mapped = snowflakeErrorFor(message);
      throw new SnowflakeStatementError(mapped.code, mapped.sqlState, mapped.message, { cause: error });
    }
    if (TRANSACTION_START.has(keyword)) session.inTransaction = true;
    if (TRANSACTION_END.has(keyword)) session.inTransaction = false;

    const counted = () =>
      results.reduce((sum, r) => sum + BigInt((r.getRows()[0]?.[0] as bigint | number | undefined) ?? 0), 0n);
    switch (keyword) {
      case 'INSERT':
        return {
          rowtype: [{ ...FIXED_COUNT, name: 'number of rows inserted' }],
          rowset: [[counted().toString()]],
          statementTypeId: STATEMENT_TYPE.INSERT,
        };
      case 'UPDATE':
        return {
          rowtype: [
            { ...FIXED_COUNT, name: 'number of rows updated' },
            { ...FIXED_COUNT, name: 'number of multi-joined rows updated' },
          ],
          rowset: [[counted().toString(), '0']],
          statementTypeId: STATEMENT_TYPE.UPDATE,
        };
      case 'DELETE':
        return {
          rowtype: [{ ...FIXED_COUNT, name: 'number of rows deleted' }],
          rowset: [[counted().toString()]],
          statementTypeId: STATEMENT_TYPE.DELETE,
        };
      case 'MERGE': {
        const actions = { INSERT: 0, UPDATE: 0, DELETE: 0 } as Record<string, number>;
        for (const r of results)
          for (const row of r.getRows()) actions[String(row[0])] = (actions[String(row[0])] ?? 0) + 1;
        // Snowflake adds the deleted column only when the MERGE has a DELETE clause.
        const withDelete = /\bTHEN\s+DELETE\b/i.test(sql);
        const names = [
          'number of rows inserted',
          'number of rows updated',
          ...(withDelete ? ['number of rows deleted'] : []),
        ];
        const values = [actions.INSERT, actions.UPDATE, ...(withDelete ? [actions.DELETE] : [])];
        return {
          rowtype: names.map((name) => ({ ...FIXED_COUNT, name })),
          rowset: [values.map((v) => String(v ?? 0))],
          statementTypeId: STATEMENT_TYPE.MERGE,
        };
      }
      default:
        break;
    }
    if (TRANSACTION_START.has(keyword) || TRANSACTION_END.has(keyword)) {
      return status('Statement executed successfully.', STATEMENT_TYPE.TRANSACTION);
    }
    if (DDL.has(keyword)) return status('Statement executed successfully.', STATEMENT_TYPE.DDL);
    const result = results[0] as DuckDBResultReader;
    const types = result.columnTypes();
    return {
      rowtype: result.columnNames().map((name, i) => snowflakeColumn(name, types[i] as (typeof types)[number])),
      rowset: result.getRows().map((row) => row.map((v) => snowflakeCell(v as DuckDBValue))),
      statementTypeId: STATEMENT_TYPE.SELECT,
    };
  }

  const recentResults = new Map<string, unknown>();

  async function query(session: Session, body: Record<string, unknown>, response: ServerResponse): Promise<void> {
    const sqlText = String(body.sqlText ?? '');
    statements.push(sqlText);
    const queryId = randomUUID();
    try {
      const data = await execute(session, sqlText, body.bindings as Record<string, Binding> | undefined);
      const answer = {
        data: {
          parameters: parametersOf(session),
          rowtype: data.rowtype,
          rowset: data.rowset,
          total: data.rowset.length,
          returned: data.rowset.length,
          queryId,
          databaseProvider: null,
          finalDatabaseName: database,
          finalSchemaName: schema,
          finalWarehouseName: null,
          finalRoleName: null,
          numberOfBinds: Object.keys((body.bindings as object | undefined) ?? {}).length,
          arrayBindSupported: false,
          statementTypeId: data.statementTypeId,
          version: 1,
          sendResultTime: Date.now(),
          queryResultFormat: 'json',
          ...data.extra,
        },
        code: null,
        message: null,
        success: true,
      };
      recentResults.set(queryId, answer);
      if (recentResults.size > 100) recentResults.delete(recentResults.keys().next().value as string);
      sendJson(response, 200, answer);
    } catch (error) {
      const e =
        error instanceof SnowflakeStatementError
          ? error
          : new SnowflakeStatementError('000603', 'XX000', error instanceof Error ? error.message : String(error));
      sendJson(response, 200, {
        data: {
          internalError: false,
          errorCode: e.code,
          age: 0,
          sqlState: e.sqlState,
          queryId,
          line: -1,
          pos: -1,
          type: 'COMPILATION',
        },
        code: e.code,
        message: e.message,
        success: false,
        headers: null,
      });
    }
  }

  function sessionOf(request: IncomingMessage): Session | undefined {
    const match = /Snowflake Token="([^"]+)"/.exec(request.headers.authorization ?? '');
    return match === null ? undefined : sessions.get(match[1] as string);
  }

  async function closeSession(request: IncomingMessage): Promise<void> {
    const match = /Snowflake Token="([^"]+)"/.exec(request.headers.authorization ?? '');
    const token = match?.[1];
    const session = token === undefined ? undefined : sessions.get(token);
    if (session === undefined || token === undefined) return;
    sessions.delete(token);
    // An open transaction dies with its session, as in Snowflake (abort on disconnect).
    if (session.inTransaction) await session.conn.run('ROLLBACK').catch(() => undefined);
    session.conn.closeSync();
    await stages.endSession(session.id);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://standin');
    traffic.requests += 1;
    const raw = await readRequestBody(request, (bytes) => {
      traffic.requestBytes += bytes;
    });
    const body = raw.length === 0 ? {} : (JSON.parse(raw.toString('utf8')) as Record<string, unknown>);
    const path = url.pathname;
    if (request.method === 'POST' && path === '/session/v1/login-request') {
      await login(body, url, response);
      return;
    }
    const ok = () => sendJson(response, 200, { data: null, code: null, message: null, success: true });
    if (path === '/session' && url.searchParams.get('delete') === 'true') {
      await closeSession(request);
      ok();
      return;
    }
    const session = sessionOf(request);
    if (session === undefined) {
      sendJson(response, 401, { data: null, code: '390104', message: 'Invalid session token.', success: false });
      return;
    }
    if (request.method === 'POST' && path === '/queries/v1/query-request') {
      await query(session, body, response);
      return;
    }
    const resultMatch = /^\/queries\/([^/]+)\/result$/.exec(path);
    if (request.method === 'GET' && resultMatch !== null) {
      const answer = recentResults.get(resultMatch[1] as string);
      if (answer === undefined)
        sendJson(response, 200, { data: null, code: '000709', message: 'Statement not found.', success: false });
      else sendJson(response, 200, answer);
      return;
    }
    // Heartbeat, telemetry and abort requests: accepted and answered like Snowflake, nothing to do here
    // (statements run synchronously, so there is never a running one to abort).
    if (
      path === '/session/heartbeat' ||
      path === '/telemetry/send' ||
      path === '/queries/v1/abort-request' ||
      /^\/queries\/[^/]+\/abort-request$/.test(path)
    ) {
      ok();
      return;
    }
    sendJson(response, 404, {
      data: null,
      code: '000404',
      message: `The stand-in does not implement ${request.method} ${path}`,
      success: false,
    });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendJson(response, 500, { success: false, message: error instanceof Error ? error.message : String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    account,
    username,
    database,
    schema,
    accessUrl: `http://127.0.0.1:${port}`,
    instance,
    db,
    faults,
    statements,
    traffic,
    stageDirectory,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions.values()) session.conn.closeSync();
      sessions.clear();
      db.closeSync();
      instance.closeSync();
      await rm(stageDirectory, { recursive: true, force: true });
    },
  };
}
