import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { DuckDBConnection, DuckDBType } from '@duckdb/node-api';
import { compileCsvLoad } from './compileCsvLoad.js';
import type { SnowflakeQueryData } from './SnowflakeQueryData.js';
import type { SnowflakeStageCommand } from './SnowflakeStageCommand.js';
import { SnowflakeStatementError } from './SnowflakeStatementError.js';
import type { StageLocation } from './StageLocation.js';
import type { StageOptionValue } from './StageOptionValue.js';
import { snowflakeErrorFor } from './snowflakeErrorFor.js';
import { unsupportedSnowflakeFeature } from './unsupportedSnowflakeFeature.js';

/** The session a stage command runs in: temporary stages are its own, COPY writes through its connection. */
interface StageSession {
  readonly id: number;
  readonly conn: DuckDBConnection;
  readonly inTransaction: boolean;
}

interface Stage {
  /** The stage's name as Snowflake prints it in LIST and COPY results (lower case). */
  readonly display: string;
  readonly dir: string;
}

/** Statement type ids (JDBC's SFStatementType; the Node SDK only tells DML from the rest). */
const TYPE = { COPY: 0x3600, LIST: 0x4701, DDL: 0x6000, PUT: 0x7102, REMOVE: 0x7103 } as const;
/** Snowflake's limit on `FILES = (…)` (FACTS §5). */
const MAX_FILES = 1000;
const COPY_OPTIONS = new Set(['FILES', 'PATTERN', 'FILE_FORMAT', 'ON_ERROR', 'PURGE', 'FORCE']);
const PUT_OPTIONS = new Set(['AUTO_COMPRESS', 'SOURCE_COMPRESSION', 'OVERWRITE', 'PARALLEL']);
const ON_ERROR_HINT =
  "If you would like to continue loading when an error is encountered, use other values such as 'SKIP_FILE' or " +
  "'CONTINUE' for the ON_ERROR option. For more information on loading options, please run 'info loading_data' " +
  'in a SQL client.';

const text = (name: string) => ({ name, type: 'text', length: 16777216, nullable: true, scale: null, precision: null });
const fixed = (name: string) => ({ name, type: 'fixed', precision: 19, scale: 0, nullable: true });
const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

function compilationError(message: string): SnowflakeStatementError {
  return new SnowflakeStatementError('001003', '42000', `SQL compilation error:\n${message}`);
}

/** A TRUE/FALSE option (default `fallback`). */
function flag(options: ReadonlyMap<string, StageOptionValue>, name: string, fallback: boolean): boolean {
  const value = options.get(name);
  if (value === undefined) return fallback;
  if (value.kind === 'word' && (value.value === 'TRUE' || value.value === 'FALSE')) return value.value === 'TRUE';
  throw compilationError(`${name} takes TRUE or FALSE`);
}

/**
 * The Snowflake stand-in's internal stages: named stages (temporary ones belong to their session and go with
 * it) and the user stage `@~`, each a directory under `root`. PUT answers with `stageInfo.locationType:
 * LOCAL_FS` and the directory, so the SDK itself copies the file there (file_transfer_agent/local_util.js);
 * COPY INTO reads the files with DuckDB's CSV reader (`compileCsvLoad`). README §Stages.
 */
export class SnowflakeStages {
  readonly #stages = new Map<string, Stage>();
  #next = 0;

  constructor(
    private readonly root: string,
    private readonly database: string,
    private readonly schema: string,
    private readonly traffic: { copiedFiles: number; copiedBytes: number },
  ) {}

  async execute(command: SnowflakeStageCommand, session: StageSession): Promise<SnowflakeQueryData> {
    switch (command.kind) {
      case 'createStage':
        return this.create(command, session);
      case 'dropStage': {
        const key = this.find(command.name, session);
        if (key === undefined) {
          if (command.ifExists)
            return status(
              `Drop statement executed successfully (${this.label(command.name)} already dropped).`,
              TYPE.DDL,
            );
          throw this.missing(command.name);
        }
        await rm((this.#stages.get(key) as Stage).dir, { recursive: true, force: true });
        this.#stages.delete(key);
        return status(`${this.label(command.name).split('.').at(-1)} successfully dropped.`, TYPE.DDL);
      }
      case 'put':
        return this.put(command, session);
      case 'list':
      case 'remove':
        return this.listOrRemove(command, session);
      case 'copy':
        return this.copy(command, session);
    }
  }

  /** Drops the temporary stages of a session that ended. */
  async endSession(id: number): Promise<void> {
    for (const [key, stage] of this.#stages) {
      if (key.startsWith(`${id}:`)) {
        this.#stages.delete(key);
        await rm(stage.dir, { recursive: true, force: true });
      }
    }
  }

  /** `name` as three parts, the session's database and schema filling in what it leaves out. */
  private qualified(name: readonly string[]): string[] {
    return [...[this.database, this.schema].slice(0, 3 - name.length), ...name];
  }

  private label(name: readonly string[]): string {
    return this.qualified(name).join('.');
  }

  /** The key of the stage `name` this session sees: its own temporary stage first, then a permanent one. */
  private find(name: readonly string[], session: StageSession): string | undefined {
    const key = JSON.stringify(this.qualified(name));
    if (this.#stages.has(`${session.id}:${key}`)) return `${session.id}:${key}`;
    return this.#stages.has(`*:${key}`) ? `*:${key}` : undefined;
  }

  private missing(name: readonly string[]): SnowflakeStatementError {
    return new SnowflakeStatementError(
      '002003',
      '02000',
      `SQL compilation error:\nStage '${this.label(name)}' does not exist or not authorized.`,
    );
  }

  private async create(
    command: Extract<SnowflakeStageCommand, { kind: 'createStage' }>,
    session: StageSession,
  ): Promise<SnowflakeQueryData> {
    const key = `${command.temporary ? session.id : '*'}:${JSON.stringify(this.qualified(command.name))}`;
    const existing = this.#stages.get(key);
    const name = command.name.at(-1) as string;
    if (existing !== undefined) {
      if (command.ifNotExists) return status(`${name} already exists, statement succeeded.`, TYPE.DDL);
      if (!command.orReplace) {
        throw new SnowflakeStatementError(
          '002002',
          '42710',
          `SQL compilation error:\nObject '${name}' already exists.`,
        );
      }
      await rm(existing.dir, { recursive: true, force: true });
    }
    const dir = join(this.root, `stage-${++this.#next}`);
    await mkdir(dir, { recursive: true });
    this.#stages.set(key, { display: name.toLowerCase(), dir });
    return status(`Stage area ${name} successfully created.`, TYPE.DDL);
  }

  private async stageAt(location: StageLocation, session: StageSession): Promise<Stage> {
    if (location.stage.kind === 'user') {
      const user = this.#stages.get('~') ?? { display: '', dir: join(this.root, 'user-stage') };
      this.#stages.set('~', user);
      await mkdir(user.dir, { recursive: true });
      return user;
    }
    const key = this.find(location.stage.parts, session);
    if (key === undefined) throw this.missing(location.stage.parts);
    return this.#stages.get(key) as Stage;
  }

  /** The stage's directory at `path`, refusing a path that leaves it. */
  private within(stage: Stage, path: string): string {
    const dir = resolve(stage.dir, path);
    if (dir !== stage.dir && !dir.startsWith(stage.dir + sep)) throw compilationError(`invalid stage path '${path}'`);
    return dir;
  }

  private async put(
    command: Extract<SnowflakeStageCommand, { kind: 'put' }>,
    session: StageSession,
  ): Promise<SnowflakeQueryData> {
    for (const key of command.options.keys())
      if (!PUT_OPTIONS.has(key)) throw unsupportedSnowflakeFeature(`PUT ${key}`);
    const stage = await this.stageAt(command.location, session);
    const dir = this.within(stage, command.location.path);
    const compression = command.options.get('SOURCE_COMPRESSION');
    const parallel = command.options.get('PARALLEL');
    return {
      rowtype: [],
      rowset: [],
      statementTypeId: TYPE.PUT,
      // What the SDK's FileTransferAgent reads from a PUT's answer; it then copies the file into `location`.
      extra: {
        command: 'UPLOAD',
        src_locations: [command.source],
        autoCompress: flag(command.options, 'AUTO_COMPRESS', true),
        sourceCompression:
          compression === undefined ? 'auto_detect' : (compression as { value: string }).value.toLowerCase(),
        overwrite: flag(command.options, 'OVERWRITE', false),
        parallel: parallel === undefined ? 4 : Number((parallel as { value: string }).value),
        stageInfo: {
          locationType: 'LOCAL_FS',
          location: `${dir}${sep}`,
          path: '',
          region: null,
          storageAccount: null,
          isClientSideEncrypted: false,
          creds: {},
          presignedUrl: null,
          endPoint: null,
        },
        encryptionMaterial: null,
        presignedUrls: [],
      },
    };
  }

  /** The stage's files under `location` (its path is a prefix, as in Snowflake), relative to the stage root. */
  private async filesAt(stage: Stage, location: StageLocation, pattern: string | undefined): Promise<string[]> {
    const all: string[] = [];
    const walk = async (dir: string) => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else all.push(relative(stage.dir, full).split(sep).join('/'));
      }
    };
    await walk(stage.dir);
    const regex = pattern === undefined ? undefined : new RegExp(`^(?:${pattern})$`);
    return all.filter((file) => file.startsWith(location.path) && (regex === undefined || regex.test(file))).sort();
  }

  private async listOrRemove(
    command: Extract<SnowflakeStageCommand, { kind: 'list' | 'remove' }>,
    session: StageSession,
  ): Promise<SnowflakeQueryData> {
    const stage = await this.stageAt(command.location, session);
    const files = await this.filesAt(stage, command.location, command.pattern);
    const name = (file: string) => (stage.display === '' ? file : `${stage.display}/${file}`);
    if (command.kind === 'remove') {
      for (const file of files) await rm(join(stage.dir, file), { force: true });
      return {
        rowtype: [text('name'), text('result')],
        rowset: files.map((file) => [name(file), 'removed']),
        statementTypeId: TYPE.REMOVE,
      };
    }
    const rowset: (string | null)[][] = [];
    for (const file of files) {
      const path = join(stage.dir, file);
      const info = await stat(path);
      const md5 = createHash('md5')
        .update(await readFile(path))
        .digest('hex');
      rowset.push([name(file), String(info.size), md5, info.mtime.toUTCString()]);
    }
    return {
      rowtype: [text('name'), fixed('size'), text('md5'), text('last_modified')],
      rowset,
      statementTypeId: TYPE.LIST,
    };
  }

  private async copy(
    command: Extract<SnowflakeStageCommand, { kind: 'copy' }>,
    session: StageSession,
  ): Promise<SnowflakeQueryData> {
    const { options } = command;
    for (const key of options.keys()) if (!COPY_OPTIONS.has(key)) throw unsupportedSnowflakeFeature(`COPY ${key}`);
    const onError = options.get('ON_ERROR');
    if (onError !== undefined && !(onError.kind === 'word' && onError.value === 'ABORT_STATEMENT')) {
      throw unsupportedSnowflakeFeature(`ON_ERROR other than ABORT_STATEMENT`);
    }
    const format = options.get('FILE_FORMAT');
    if (format !== undefined && format.kind !== 'options') throw compilationError('FILE_FORMAT takes ( TYPE = … )');
    const purge = flag(options, 'PURGE', false);
    flag(options, 'FORCE', false); // the stand-in keeps no load metadata, so every named file loads (README)
    const stage = await this.stageAt(command.location, session);

    // The files: FILES names (relative to the location), else every file under it matching PATTERN.
    const filesOption = options.get('FILES');
    const patternOption = options.get('PATTERN');
    if (patternOption !== undefined && patternOption.kind !== 'string')
      throw compilationError('PATTERN takes a string');
    let files: string[];
    if (filesOption !== undefined) {
      const items = filesOption.kind === 'list' ? filesOption.items : [filesOption];
      if (items.length > MAX_FILES) {
        throw compilationError(`FILES names ${items.length} files; a COPY takes at most ${MAX_FILES}.`);
      }
      const prefix =
        command.location.path === '' || command.location.path.endsWith('/')
          ? command.location.path
          : `${command.location.path}/`;
      const present = new Set(await this.filesAt(stage, { ...command.location, path: '' }, undefined));
      files = items.map((item) => {
        if (item.kind !== 'string') throw compilationError('FILES takes quoted file names');
        const file = `${prefix}${item.value}`;
        if (!present.has(file)) {
          throw new SnowflakeStatementError(
            '002003',
            '02000',
            `Remote file '${command.location.text.replace(/\/$/, '')}/${item.value}' was not found. The file might not exist, or it was removed (PURGE) by an earlier COPY.`,
          );
        }
        return file;
      });
    } else {
      files = await this.filesAt(stage, command.location, patternOption?.value);
    }
    if (files.length === 0) return status('Copy executed with 0 files processed.', TYPE.COPY);

    // The target's columns, as DuckDB holds them: the listed ones in list order, or all in table order.
    let described: { names: string[]; types: DuckDBType[] };
    try {
      const probe = await session.conn.runAndReadAll(`SELECT * FROM ${command.target} LIMIT 0`);
      described = { names: probe.columnNames(), types: probe.columnTypes() };
    } catch (error) {
      const mapped = snowflakeErrorFor(error instanceof Error ? error.message : String(error));
      throw new SnowflakeStatementError(mapped.code, mapped.sqlState, mapped.message, { cause: error });
    }
    const indexes = (command.columns ?? described.names.map((name) => ({ name, quoted: true }))).map((column) => {
      const exact = described.names.indexOf(column.name);
      const index =
        exact >= 0 ? exact : described.names.findIndex((n) => n.toLowerCase() === column.name.toLowerCase());
      if (index < 0)
        throw new SnowflakeStatementError(
          '000904',
          '42000',
          `SQL compilation error:\ninvalid identifier '${column.quoted ? `"${column.name}"` : column.name}'`,
        );
      return index;
    });
    const targets = indexes.map((i) => ({ name: described.names[i] as string, type: described.types[i]! }));
    const insert = `INSERT INTO ${command.target} (${targets.map((t) => quoteIdent(t.name)).join(', ')}) `;

    // ON_ERROR = ABORT_STATEMENT: the statement loads all its files or none.
    const wrap = !session.inTransaction;
    const loaded: bigint[] = [];
    let current = '';
    try {
      if (wrap) await session.conn.run('BEGIN TRANSACTION');
      for (const file of files) {
        current = file;
        const sql =
          insert +
          compileCsvLoad(join(stage.dir, file), format?.kind === 'options' ? format.options : new Map(), targets);
        const result = await session.conn.runAndReadAll(sql);
        loaded.push(BigInt((result.getRows()[0]?.[0] as bigint | number | undefined) ?? 0));
      }
      if (wrap) await session.conn.run('COMMIT');
    } catch (error) {
      if (wrap) await session.conn.run('ROLLBACK').catch(() => undefined);
      if (error instanceof SnowflakeStatementError) throw error;
      throw copyError(error, stage.display === '' ? current : `${stage.display}/${current}`);
    }
    for (const file of files) {
      this.traffic.copiedFiles += 1;
      this.traffic.copiedBytes += (await stat(join(stage.dir, file))).size;
    }
    if (purge) for (const file of files) await rm(join(stage.dir, file), { force: true });
    return {
      rowtype: [
        text('file'),
        text('status'),
        fixed('rows_parsed'),
        fixed('rows_loaded'),
        fixed('error_limit'),
        fixed('errors_seen'),
        text('first_error'),
        fixed('first_error_line'),
        fixed('first_error_character'),
        text('first_error_column_name'),
      ],
      rowset: files.map((file, i) => [
        stage.display === '' ? file : `${stage.display}/${file}`,
        'LOADED',
        String(loaded[i]),
        String(loaded[i]),
        '1',
        '0',
        null,
        null,
        null,
        null,
      ]),
      statementTypeId: TYPE.COPY,
    };
  }
}

function status(message: string, statementTypeId: number): SnowflakeQueryData {
  return { rowtype: [text('status')], rowset: [[message]], statementTypeId };
}

/** A DuckDB failure while loading `file`, as Snowflake reports a rejected file under ON_ERROR = ABORT_STATEMENT. */
function copyError(error: unknown, file: string): SnowflakeStatementError {
  const message = error instanceof Error ? error.message : String(error);
  const count = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const where = `  File '${file}'${line === undefined ? '' : `, line ${line}`}`;
  if (count !== null) {
    return new SnowflakeStatementError(
      '100080',
      '22000',
      `Number of columns in file (${count[2]}) does not match that of the corresponding table (${count[1]}), use file format option error_on_column_count_mismatch=false to ignore this error\n${where}\n${ON_ERROR_HINT}`,
      { cause: error },
    );
  }
  const mapped = snowflakeErrorFor(message);
  // DuckDB's CSV errors go on with their reader settings; the first line says what was wrong.
  const first = message.split('\n')[0] as string;
  return new SnowflakeStatementError(mapped.code, mapped.sqlState, `${first}\n${where}\n${ON_ERROR_HINT}`, {
    cause: error,
  });
}
