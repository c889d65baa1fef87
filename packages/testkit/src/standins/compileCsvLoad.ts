import { type DuckDBType, DuckDBTypeId } from '@duckdb/node-api';
import { SnowflakeStatementError } from './SnowflakeStatementError.js';
import type { StageOptionValue } from './StageOptionValue.js';
import { unsupportedSnowflakeFeature } from './unsupportedSnowflakeFeature.js';

/** Snowflake's CSV defaults (CREATE FILE FORMAT), for the options the stand-in reads. */
const DEFAULTS: Record<string, StageOptionValue> = {
  TYPE: { kind: 'word', value: 'CSV' },
  COMPRESSION: { kind: 'word', value: 'AUTO' },
  FIELD_DELIMITER: { kind: 'string', value: ',' },
  RECORD_DELIMITER: { kind: 'string', value: '\n' },
  SKIP_HEADER: { kind: 'word', value: '0' },
  FIELD_OPTIONALLY_ENCLOSED_BY: { kind: 'word', value: 'NONE' },
  ESCAPE: { kind: 'word', value: 'NONE' },
  ESCAPE_UNENCLOSED_FIELD: { kind: 'string', value: '\\' },
  NULL_IF: { kind: 'list', items: [{ kind: 'string', value: '\\N' }] },
  EMPTY_FIELD_AS_NULL: { kind: 'word', value: 'TRUE' },
  BINARY_FORMAT: { kind: 'word', value: 'HEX' },
  DATE_FORMAT: { kind: 'word', value: 'AUTO' },
  TIME_FORMAT: { kind: 'word', value: 'AUTO' },
  TIMESTAMP_FORMAT: { kind: 'word', value: 'AUTO' },
  ENCODING: { kind: 'word', value: 'UTF8' },
  TRIM_SPACE: { kind: 'word', value: 'FALSE' },
  ERROR_ON_COLUMN_COUNT_MISMATCH: { kind: 'word', value: 'TRUE' },
  SKIP_BLANK_LINES: { kind: 'word', value: 'FALSE' },
  REPLACE_INVALID_CHARACTERS: { kind: 'word', value: 'FALSE' },
  MULTI_LINE: { kind: 'word', value: 'TRUE' },
  PARSE_HEADER: { kind: 'word', value: 'FALSE' },
};

/** Values the stand-in cannot emulate on DuckDB's CSV reader: any other value is "Unsupported feature". */
const ONLY: Record<string, string> = {
  TYPE: 'CSV',
  ESCAPE: 'NONE',
  ESCAPE_UNENCLOSED_FIELD: 'NONE',
  EMPTY_FIELD_AS_NULL: 'TRUE',
  DATE_FORMAT: 'AUTO',
  TIME_FORMAT: 'AUTO',
  TIMESTAMP_FORMAT: 'AUTO',
  ENCODING: 'UTF8',
  TRIM_SPACE: 'FALSE',
  ERROR_ON_COLUMN_COUNT_MISMATCH: 'TRUE',
  SKIP_BLANK_LINES: 'FALSE',
  REPLACE_INVALID_CHARACTERS: 'FALSE',
  MULTI_LINE: 'TRUE',
  PARSE_HEADER: 'FALSE',
};

const COMPRESSION: Record<string, string> = { AUTO: 'auto', GZIP: 'gzip', NONE: 'none', ZSTD: 'zstd' };

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A scalar option as text: a string's value, or a word (NONE, TRUE, 0, …). */
function text(name: string, value: StageOptionValue): string {
  if (value.kind === 'string' || value.kind === 'word') return value.value;
  throw new SnowflakeStatementError('001003', '42000', `SQL compilation error:\nFILE_FORMAT ${name} takes one value`);
}

/**
 * The DuckDB query that reads one staged CSV file the way Snowflake's COPY reads it with `format` (the
 * FILE_FORMAT options, Snowflake defaults for the rest) into `targets`, in file column order: every field read
 * as VARCHAR, a quoted empty field '' and an unquoted one NULL (EMPTY_FIELD_AS_NULL), NULL_IF strings NULL,
 * then each cast to its column's type — BINARY from HEX, BASE64 or UTF8 text per BINARY_FORMAT. A row with
 * another number of fields fails the read (ERROR_ON_COLUMN_COUNT_MISMATCH). Options it cannot emulate fail
 * with "Unsupported feature".
 */
export function compileCsvLoad(
  path: string,
  format: ReadonlyMap<string, StageOptionValue>,
  targets: readonly { readonly name: string; readonly type: DuckDBType }[],
): string {
  for (const key of format.keys())
    if (!(key in DEFAULTS)) throw unsupportedSnowflakeFeature(`FILE_FORMAT option ${key}`);
  const option = (name: string) => text(name, format.get(name) ?? (DEFAULTS[name] as StageOptionValue));
  for (const [name, only] of Object.entries(ONLY)) {
    if (option(name).toUpperCase() !== only) throw unsupportedSnowflakeFeature(`FILE_FORMAT ${name} = ${option(name)}`);
  }
  const compression = COMPRESSION[option('COMPRESSION').toUpperCase()];
  if (compression === undefined)
    throw unsupportedSnowflakeFeature(`FILE_FORMAT COMPRESSION = ${option('COMPRESSION')}`);
  const delimiter = option('FIELD_DELIMITER');
  if ([...delimiter].length !== 1) throw unsupportedSnowflakeFeature(`FIELD_DELIMITER ${JSON.stringify(delimiter)}`);
  const recordDelimiter = option('RECORD_DELIMITER');
  if (recordDelimiter !== '\n')
    throw unsupportedSnowflakeFeature(`RECORD_DELIMITER ${JSON.stringify(recordDelimiter)}`);
  const enclosedBy = option('FIELD_OPTIONALLY_ENCLOSED_BY');
  const quote = enclosedBy.toUpperCase() === 'NONE' ? '' : enclosedBy;
  if (quote !== '' && quote !== '"' && quote !== "'")
    throw unsupportedSnowflakeFeature(`FIELD_OPTIONALLY_ENCLOSED_BY ${quote}`);
  const skip = Number(option('SKIP_HEADER'));
  if (!Number.isSafeInteger(skip) || skip < 0)
    throw unsupportedSnowflakeFeature(`SKIP_HEADER ${option('SKIP_HEADER')}`);
  const nullIf = format.get('NULL_IF') ?? (DEFAULTS.NULL_IF as StageOptionValue);
  const nullStrings =
    nullIf.kind === 'list' ? nullIf.items.map((item) => text('NULL_IF', item)) : [text('NULL_IF', nullIf)];
  const binary = option('BINARY_FORMAT').toUpperCase();
  if (!['HEX', 'BASE64', 'UTF8', 'UTF-8'].includes(binary))
    throw unsupportedSnowflakeFeature(`BINARY_FORMAT ${binary}`);

  const fields = targets.map((_, i) => `c${i}`);
  const select = targets.map((target, i) => {
    const raw = fields[i] as string;
    const value =
      nullStrings.length === 0
        ? raw
        : `CASE WHEN ${raw} IN (${nullStrings.map(literal).join(', ')}) THEN NULL ELSE ${raw} END`;
    let cast: string;
    if (target.type.typeId === DuckDBTypeId.BLOB) {
      if (binary === 'HEX') {
        const bad = `error('Hex string ''' || ${value} || ''' is not valid for column ' || ${literal(target.name)})`;
        cast = `CASE WHEN regexp_full_match(${value}, '(?:[0-9A-Fa-f]{2})*') THEN unhex(${value}) ELSE ${bad} END`;
      } else cast = binary === 'BASE64' ? `from_base64(${value})` : `encode(${value})`;
    } else {
      cast = `CAST(${value} AS ${target.type.toString()})`;
    }
    return `${cast} AS ${quoteIdent(target.name)}`;
  });
  const reader = [
    literal(path),
    `columns = {${fields.map((f) => `'${f}': 'VARCHAR'`).join(', ')}}`,
    'header = false',
    `skip = ${skip}`,
    `delim = ${literal(delimiter)}`,
    `quote = ${literal(quote)}`,
    // Inside an enclosed field the enclosing character is escaped by doubling it (ESCAPE = NONE).
    `escape = ${literal(quote)}`,
    'allow_quoted_nulls = false',
    'auto_detect = false',
    'strict_mode = true',
    'null_padding = false',
    `compression = ${literal(compression)}`,
  ];
  return `SELECT ${select.join(', ')} FROM read_csv(${reader.join(', ')})`;
}
