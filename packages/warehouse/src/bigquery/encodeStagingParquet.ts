import { ChangeOp, type ColumnType, DmsFileError, type FileChanges, POSITION_LENGTH } from '@ferry/core';
import { type ColumnSource, fileWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import type { MergePlan } from '../MergePlan.js';
import { stagedType } from '../stagedType.js';
import type { WarehouseDialect } from '../WarehouseDialect.js';

/** A BigQuery load-job schema field. */
export interface BigQueryField {
  readonly name: string;
  readonly type: string;
  readonly mode: 'NULLABLE';
  readonly precision?: string;
  readonly scale?: string;
}

const OPS: ReadonlySet<string> = new Set(Object.values(ChangeOp));
const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;
const TEXT: ColumnType = { kind: 'string' };
/** Rows held before they are written out as a row group: what bounds the memory a batch of any size takes. */
const ROW_GROUP_ROWS = 50_000;

/**
 * Writes the staging rows of `files` (the plan's data columns, then op, position and file key) to the parquet
 * file `path`, a row group every 50,000 rows as the files' row groups stream in (a 1 GB full-load file never
 * sits in memory), and returns the explicit load schema that keeps BigQuery from inferring types: decimals as
 * FIXED_LEN_BYTE_ARRAY DECIMAL (exact, loaded as NUMERIC/BIGNUMERIC(P,S)), uint64 as DECIMAL(20,0) (INT64
 * cannot hold values above 2^63−1), timestamps as micros, bytes as BYTE_ARRAY. Returns the rows per file.
 * Throws `DmsFileError` naming the file and row for a value that does not fit its column.
 */
export async function encodeStagingParquet(
  plan: MergePlan,
  dialect: WarehouseDialect,
  files: readonly FileChanges[],
  path: string,
): Promise<{ fields: BigQueryField[]; rowsPerFile: number[] }> {
  const meta = [plan.meta.op, plan.meta.position, plan.meta.file];
  // JSON columns load as text (the dedupe parses them): their field is STRING, not JSON.
  const columns = [
    ...plan.columns.map((c) => ({ name: c.name, type: stagedType(c.type) })),
    ...meta.map((name) => ({ name, type: TEXT })),
  ];
  const schema: SchemaElement[] = [
    { name: 'schema', num_children: columns.length, repetition_type: 'REQUIRED' },
    ...columns.map((c) => ({ ...element(c.type), name: c.name, repetition_type: 'OPTIONAL' as const })),
  ];
  const parquet = new ParquetWriter({ writer: fileWriter(path), schema, codec: 'UNCOMPRESSED' });
  let values: unknown[][] = columns.map(() => []);
  const flush = () => {
    if ((values[0]?.length ?? 0) === 0) return;
    const columnData: ColumnSource[] = columns.map((c, i) => ({
      name: c.name,
      data: values[i] as ColumnSource['data'],
      statistics: false,
      encoding: 'PLAIN' as const,
    }));
    parquet.write({ columnData, rowGroupSize: ROW_GROUP_ROWS });
    values = columns.map(() => []);
  };
  const keyIndexes = new Set(plan.keyColumns.map((k) => plan.columns.indexOf(k)));
  const rowsPerFile: number[] = [];
  for (const file of files) {
    let rows = 0;
    for await (const changes of file.chunks()) {
      const sources = plan.columns.map((c) => changes.columns.findIndex((s) => s.name === c.name));
      for (let r = 0; r < changes.rowCount; r++) {
        const op = changes.ops[r]!;
        if (!OPS.has(op))
          throw new DmsFileError(file.fileKey, `Op ${JSON.stringify(op)} is not I, U or D`, { row: rows + r });
        const position = changes.positions[r]!;
        if (typeof position !== 'string' || position.length !== POSITION_LENGTH) {
          throw new DmsFileError(
            file.fileKey,
            `position ${JSON.stringify(position)} is not ${POSITION_LENGTH} digits`,
            {
              row: rows + r,
            },
          );
        }
        for (let c = 0; c < plan.columns.length; c++) {
          const source = sources[c]!;
          const value = source < 0 ? null : (changes.values[source]![r] ?? null);
          if (value === null && keyIndexes.has(c)) {
            throw new DmsFileError(file.fileKey, `column "${plan.columns[c]!.name}": a key column is NULL`, {
              row: rows + r,
            });
          }
          try {
            values[c]!.push(value === null ? null : physical(plan.columns[c]!.type, value));
          } catch (error) {
            throw new DmsFileError(
              file.fileKey,
              `column "${plan.columns[c]!.name}": ${error instanceof Error ? error.message : String(error)}`,
              { row: rows + r },
            );
          }
        }
        values[plan.columns.length]!.push(op);
        values[plan.columns.length + 1]!.push(position);
        values[plan.columns.length + 2]!.push(file.fileKey);
      }
      rows += changes.rowCount;
      if ((values[0]?.length ?? 0) >= ROW_GROUP_ROWS) flush();
    }
    rowsPerFile.push(rows);
  }
  flush();
  parquet.finish();
  return { fields: columns.map((c) => field(c.name, c.type, dialect)), rowsPerFile };
}

/** The load schema field of a column: the dialect's type name, split into type and parameters. */
function field(name: string, type: ColumnType, dialect: WarehouseDialect): BigQueryField {
  const match = /^(\w+)(?:\((\d+),(\d+)\))?$/.exec(dialect.typeName(type))!;
  return match[2] === undefined
    ? { name, type: match[1]!, mode: 'NULLABLE' }
    : { name, type: match[1]!, mode: 'NULLABLE', precision: match[2], scale: match[3]! };
}

/** Bytes a two's-complement DECIMAL of `precision` digits needs. */
function decimalBytes(precision: number): number {
  return Math.ceil((Math.log2(10 ** precision) + 1) / 8);
}

function element(type: ColumnType): Omit<SchemaElement, 'name'> {
  switch (type.kind) {
    case 'boolean':
      return { type: 'BOOLEAN' };
    case 'int':
      if (type.bits === 64 && !type.signed) {
        return {
          type: 'FIXED_LEN_BYTE_ARRAY',
          type_length: decimalBytes(20),
          converted_type: 'DECIMAL',
          precision: 20,
          scale: 0,
        };
      }
      return type.bits === 64 || (type.bits === 32 && !type.signed) ? { type: 'INT64' } : { type: 'INT32' };
    case 'float':
      return { type: 'DOUBLE' };
    case 'decimal':
      return {
        type: 'FIXED_LEN_BYTE_ARRAY',
        type_length: decimalBytes(type.precision),
        converted_type: 'DECIMAL',
        precision: type.precision,
        scale: type.scale,
      };
    case 'string':
      return { type: 'BYTE_ARRAY', converted_type: 'UTF8' };
    case 'bytes':
      return { type: 'BYTE_ARRAY' };
    case 'date':
      return { type: 'INT32', converted_type: 'DATE' };
    case 'time':
      return { type: 'INT64', converted_type: 'TIME_MICROS' };
    case 'timestamp':
      return { type: 'INT64', converted_type: 'TIMESTAMP_MICROS' };
  }
}

/** A ferry value as hyparquet-writer takes it for `element(type)`: exact, never through a float. */
function physical(type: ColumnType, value: unknown): unknown {
  switch (type.kind) {
    case 'boolean':
      if (typeof value !== 'boolean') throw new TypeError(`expected a boolean, got ${typeof value}`);
      return value;
    case 'int':
      if (type.bits === 64 || (type.bits === 32 && !type.signed)) {
        if (typeof value === 'bigint') return value;
        if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
        throw new TypeError(`expected an integer, got ${typeof value}`);
      }
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw new TypeError(`expected an integer, got ${typeof value}`);
      return value;
    case 'float':
      if (typeof value !== 'number') throw new TypeError(`expected a number, got ${typeof value}`);
      return value;
    case 'decimal': {
      if (typeof value === 'bigint' || typeof value === 'number') return BigInt(value) * 10n ** BigInt(type.scale);
      const match = typeof value === 'string' ? DECIMAL_TEXT.exec(value) : null;
      if (match === null) throw new TypeError(`expected a decimal string, got ${String(value)}`);
      const fraction = match[3] ?? '';
      if (fraction.length > type.scale)
        throw new RangeError(`${String(value)} has more than ${type.scale} fraction digits`);
      const scaled = BigInt(`${match[1]}${match[2]}${fraction.padEnd(type.scale, '0')}`);
      if ((scaled < 0n ? -scaled : scaled) >= 10n ** BigInt(type.precision)) {
        throw new RangeError(`${String(value)} does not fit decimal(${type.precision},${type.scale})`);
      }
      return scaled;
    }
    case 'string':
      if (typeof value !== 'string') throw new TypeError(`expected a string, got ${typeof value}`);
      return value;
    case 'bytes':
      if (!(value instanceof Uint8Array)) throw new TypeError(`expected bytes, got ${typeof value}`);
      return value;
    case 'date':
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw new TypeError(`expected a day number, got ${typeof value}`);
      return value;
    case 'time':
    case 'timestamp':
      if (typeof value !== 'bigint') throw new TypeError(`expected microseconds as bigint, got ${typeof value}`);
      return value;
  }
}
