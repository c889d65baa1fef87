import { type ColumnType, type ColumnValue, DmsFileError, describeType } from '@ferry/core';
import type { SchemaElement } from 'hyparquet';
import type { ColumnPlan } from './ColumnPlan.js';
import { decimalText } from './decimalText.js';
import { decimalTextFromBytes } from './decimalTextFromBytes.js';
import { parseTimestampBytes } from './parseTimestampBytes.js';
import { utf8Spans } from './utf8Spans.js';
import { uuidText } from './uuidText.js';

type Convert = ColumnPlan['convert'];
type ConvertSpans = NonNullable<ColumnPlan['convertSpans']>;
type Source = ArrayLike<unknown>;

/**
 * Plans how to read one top-level, non-nested parquet column exactly (see `ColumnPlan`). The logical type wins
 * over the legacy converted type when both are present; legacy TIMESTAMP_MILLIS/MICROS mean UTC.
 *
 * - `timestampText`: the column is a DMS timestamp string column, read as `timestamp(6)`;
 * - `wallClock`: a timestamp column is a wall-clock reading, whatever its annotation says.
 *
 * Throws `DmsFileError` for a type ferry cannot carry exactly.
 */
export function planColumn(
  fileKey: string,
  element: SchemaElement,
  options: { readonly timestampText: boolean; readonly wallClock: boolean },
): ColumnPlan {
  const { name } = element;
  const unsupported = (what: string) =>
    new DmsFileError(fileKey, `column "${name}" has an unsupported parquet type: ${what}`);
  const plan = (type: ColumnType, convert: Convert, convertSpans?: ConvertSpans): ColumnPlan =>
    convertSpans
      ? { spec: { name, type }, element, convert, convertSpans }
      : { spec: { name, type }, element, convert };

  const base = baseType(element, unsupported);
  if (options.timestampText) {
    if (base.type.kind === 'string' && base.text) {
      const type: ColumnType = { kind: 'timestamp', precision: 6, utc: !options.wallClock };
      return plan(type, timestampFromText(fileKey, name), timestampSpans(fileKey, name));
    }
    if (base.type.kind !== 'timestamp') {
      throw new DmsFileError(
        fileKey,
        `timestamp column "${name}" is ${describeType(base.type)}, expected a yyyy-MM-dd HH:mm:ss string`,
      );
    }
  }
  if (options.wallClock) {
    if (base.type.kind !== 'timestamp') {
      throw new DmsFileError(
        fileKey,
        `wall-clock column "${name}" is ${describeType(base.type)}, expected a timestamp`,
      );
    }
    return plan({ ...base.type, utc: false }, base.convert(fileKey, name), base.spans?.(fileKey, name));
  }
  return plan(base.type, base.convert(fileKey, name), base.spans?.(fileKey, name));
}

interface BaseType {
  readonly type: ColumnType;
  /** A BYTE_ARRAY read as UTF-8 text. */
  readonly text: boolean;
  readonly convert: (fileKey: string, name: string) => Convert;
  /** The PLAIN byte-array page conversion (see `ColumnPlan.convertSpans`), for byte-array columns. */
  readonly spans?: (fileKey: string, name: string) => ConvertSpans;
}

function baseType(element: SchemaElement, unsupported: (what: string) => Error): BaseType {
  const { type: physical, converted_type: converted, logical_type: logical } = element;
  const fixed = (type: ColumnType, convert: Convert, spans?: ConvertSpans): BaseType =>
    spans
      ? { type, text: false, convert: () => convert, spans: () => spans }
      : { type, text: false, convert: () => convert };
  const annotation = logical ? JSON.stringify(logical) : (converted ?? 'none');

  if (logical?.type === 'DECIMAL' || converted === 'DECIMAL') {
    const precision = logical?.type === 'DECIMAL' ? logical.precision : element.precision;
    const scale = (logical?.type === 'DECIMAL' ? logical.scale : element.scale) ?? 0;
    if (precision === undefined || precision < 1 || scale < 0 || scale > precision) {
      throw unsupported(`DECIMAL with precision ${precision} and scale ${scale}`);
    }
    const type: ColumnType = { kind: 'decimal', precision, scale };
    switch (physical) {
      case 'INT32':
        return fixed(type, decimalFromInt32(scale));
      case 'INT64':
        return fixed(type, decimalFromInt64(scale));
      case 'FIXED_LEN_BYTE_ARRAY':
      case 'BYTE_ARRAY':
        return fixed(type, decimalFromBytes(scale), decimalSpans(scale));
      default:
        throw unsupported(`DECIMAL on ${physical}`);
    }
  }

  switch (physical) {
    case 'BOOLEAN':
      return fixed({ kind: 'boolean' }, same);
    case 'FLOAT':
      return fixed({ kind: 'float', bits: 32 }, same);
    case 'DOUBLE':
      return fixed({ kind: 'float', bits: 64 }, same);
    case 'INT32': {
      if (logical?.type === 'DATE' || converted === 'DATE') return fixed({ kind: 'date' }, same);
      if (logical?.type === 'TIME') {
        if (logical.unit !== 'MILLIS') throw unsupported(`TIME(${logical.unit}) on INT32`);
        return fixed({ kind: 'time', precision: 3 }, microsFromMillis32);
      }
      if (converted === 'TIME_MILLIS') return fixed({ kind: 'time', precision: 3 }, microsFromMillis32);
      const int = intAnnotation(logical, converted, 32);
      if (int === undefined || int.bits === 64) throw unsupported(`INT32 annotated ${annotation}`);
      const type: ColumnType = { kind: 'int', bits: int.bits, signed: int.signed };
      return fixed(type, int.bits === 32 && !int.signed ? uint32 : same);
    }
    case 'INT64': {
      if (logical?.type === 'TIMESTAMP') {
        return timestamp(logical.unit, logical.isAdjustedToUTC);
      }
      if (converted === 'TIMESTAMP_MILLIS') return timestamp('MILLIS', true);
      if (converted === 'TIMESTAMP_MICROS') return timestamp('MICROS', true);
      if (logical?.type === 'TIME') {
        if (logical.unit === 'MILLIS') throw unsupported('TIME(MILLIS) on INT64');
        return timeOfDay(logical.unit);
      }
      if (converted === 'TIME_MICROS') return timeOfDay('MICROS');
      const int = intAnnotation(logical, converted, 64);
      if (int === undefined || int.bits !== 64) throw unsupported(`INT64 annotated ${annotation}`);
      return fixed({ kind: 'int', bits: 64, signed: int.signed }, int.signed ? same : uint64);
    }
    case 'INT96':
      if (logical || converted) throw unsupported(`INT96 annotated ${annotation}`);
      return { type: { kind: 'timestamp', precision: 6, utc: true }, text: false, convert: timestampFromInt96 };
    case 'BYTE_ARRAY': {
      const textual =
        converted === 'UTF8' ||
        converted === 'ENUM' ||
        converted === 'JSON' ||
        logical?.type === 'STRING' ||
        logical?.type === 'ENUM' ||
        logical?.type === 'JSON';
      if (textual) return { type: { kind: 'string' }, text: true, convert: utf8Text, spans: utf8TextSpans };
      // BSON is a binary document: bytes. Unannotated BYTE_ARRAY is binary, never guessed to be text.
      if ((!logical && !converted) || logical?.type === 'BSON' || converted === 'BSON') {
        return fixed({ kind: 'bytes' }, copyBytes, copyBytesSpans);
      }
      throw unsupported(`BYTE_ARRAY annotated ${annotation}`);
    }
    case 'FIXED_LEN_BYTE_ARRAY': {
      if (logical?.type === 'UUID') {
        if (element.type_length !== 16) throw unsupported(`UUID of ${element.type_length} bytes`);
        return fixed({ kind: 'string' }, uuid, uuidSpans);
      }
      if (!logical && !converted) return fixed({ kind: 'bytes' }, copyBytes, copyBytesSpans);
      throw unsupported(`FIXED_LEN_BYTE_ARRAY annotated ${annotation}`);
    }
    default:
      throw unsupported(`${physical} annotated ${annotation}`);
  }
}

function intAnnotation(
  logical: SchemaElement['logical_type'],
  converted: SchemaElement['converted_type'],
  physicalBits: 32 | 64,
): { bits: 8 | 16 | 32 | 64; signed: boolean } | undefined {
  if (logical?.type === 'INTEGER') {
    const { bitWidth, isSigned } = logical;
    if (bitWidth === 8 || bitWidth === 16 || bitWidth === 32 || bitWidth === 64)
      return { bits: bitWidth, signed: isSigned };
    return undefined;
  }
  if (logical) return undefined;
  if (converted === undefined) return { bits: physicalBits, signed: true };
  return Object.hasOwn(LEGACY_INTS, converted) ? LEGACY_INTS[converted as keyof typeof LEGACY_INTS] : undefined;
}

/** The legacy converted types that annotate integers, as data. */
const LEGACY_INTS = {
  INT_8: { bits: 8, signed: true },
  INT_16: { bits: 16, signed: true },
  INT_32: { bits: 32, signed: true },
  INT_64: { bits: 64, signed: true },
  UINT_8: { bits: 8, signed: false },
  UINT_16: { bits: 16, signed: false },
  UINT_32: { bits: 32, signed: false },
  UINT_64: { bits: 64, signed: false },
} as const;

function timestamp(unit: 'MILLIS' | 'MICROS' | 'NANOS', utc: boolean): BaseType {
  if (unit === 'MILLIS')
    return { type: { kind: 'timestamp', precision: 3, utc }, text: false, convert: () => micros1000 };
  if (unit === 'MICROS') return { type: { kind: 'timestamp', precision: 6, utc }, text: false, convert: () => same };
  return { type: { kind: 'timestamp', precision: 6, utc }, text: false, convert: microsFromNanos };
}

function timeOfDay(unit: 'MICROS' | 'NANOS'): BaseType {
  if (unit === 'MICROS') return { type: { kind: 'time', precision: 6 }, text: false, convert: () => same };
  return { type: { kind: 'time', precision: 6 }, text: false, convert: microsFromNanos };
}

// Each converter is its own loop so every value access stays monomorphic and inlinable.

function same(source: Source, out: ColumnValue[], at: number): void {
  for (let i = 0; i < source.length; i++) {
    const v = source[i];
    out[at + i] = v === undefined ? null : (v as ColumnValue);
  }
}

function uint32(source: Source, out: ColumnValue[], at: number): void {
  for (let i = 0; i < source.length; i++) {
    const v = source[i] as number | null | undefined;
    out[at + i] = v === null || v === undefined ? null : v >>> 0;
  }
}

// hyparquet hands UINT_64 values above 2^63-1 over as negative signed bigints.
function uint64(source: Source, out: ColumnValue[], at: number): void {
  for (let i = 0; i < source.length; i++) {
    const v = source[i] as bigint | null | undefined;
    out[at + i] = v === null || v === undefined ? null : v < 0n ? BigInt.asUintN(64, v) : v;
  }
}

function micros1000(source: Source, out: ColumnValue[], at: number): void {
  for (let i = 0; i < source.length; i++) {
    const v = source[i] as bigint | null | undefined;
    out[at + i] = v === null || v === undefined ? null : v * 1000n;
  }
}

function microsFromMillis32(source: Source, out: ColumnValue[], at: number): void {
  for (let i = 0; i < source.length; i++) {
    const v = source[i] as number | null | undefined;
    out[at + i] = v === null || v === undefined ? null : BigInt(v) * 1000n;
  }
}

function microsFromNanos(fileKey: string, name: string): Convert {
  return (source, out, at, firstRow) => {
    for (let i = 0; i < source.length; i++) {
      const v = source[i] as bigint | null | undefined;
      if (v === null || v === undefined) {
        out[at + i] = null;
      } else if (v % 1000n !== 0n) {
        throw subMicros(fileKey, name, firstRow + i, `${v} ns`);
      } else {
        out[at + i] = v / 1000n;
      }
    }
  };
}

// INT96 as hyparquet reads it: the Julian day in the high 32 bits, nanoseconds of the day in the low 64.
const JULIAN_DAY_OF_EPOCH = 2_440_588n;
const NANOS_PER_DAY = 86_400_000_000_000n;
const NANOS_OF_DAY = 0xffff_ffff_ffff_ffffn;

function timestampFromInt96(fileKey: string, name: string): Convert {
  return (source, out, at, firstRow) => {
    for (let i = 0; i < source.length; i++) {
      const v = source[i] as bigint | null | undefined;
      if (v === null || v === undefined) {
        out[at + i] = null;
        continue;
      }
      const nanos = ((v >> 64n) - JULIAN_DAY_OF_EPOCH) * NANOS_PER_DAY + (v & NANOS_OF_DAY);
      if (nanos % 1000n !== 0n) throw subMicros(fileKey, name, firstRow + i, `${nanos} ns`);
      out[at + i] = nanos / 1000n;
    }
  };
}

/** Non-fatal decoding would turn bad bytes into U+FFFD silently; a BOM is data, not a marker to strip. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function utf8Text(fileKey: string, name: string): Convert {
  return (source, out, at, firstRow) => {
    for (let i = 0; i < source.length; i++) {
      const v = source[i] as Uint8Array | null | undefined;
      if (v === null || v === undefined) {
        out[at + i] = null;
        continue;
      }
      try {
        out[at + i] = utf8.decode(v);
      } catch (cause) {
        const hex = Buffer.from(v.subarray(0, 16)).toString('hex');
        throw new DmsFileError(fileKey, `text column "${name}" holds bytes that are not UTF-8 (${hex}…)`, {
          row: firstRow + i,
          cause,
        });
      }
    }
  };
}

function subMicros(fileKey: string, name: string, row: number, value: string): DmsFileError {
  return new DmsFileError(
    fileKey,
    `column "${name}" holds ${value}, which has sub-microsecond digits a microsecond timestamp cannot hold`,
    { row, hint: 'ferry never truncates a timestamp; write the column with microsecond precision' },
  );
}

function decimalFromInt32(scale: number): Convert {
  return (source, out, at) => {
    for (let i = 0; i < source.length; i++) {
      const v = source[i] as number | null | undefined;
      out[at + i] = v === null || v === undefined ? null : decimalText(v, scale);
    }
  };
}

function decimalFromInt64(scale: number): Convert {
  return (source, out, at) => {
    for (let i = 0; i < source.length; i++) {
      const v = source[i] as bigint | null | undefined;
      if (v === null || v === undefined) {
        out[at + i] = null;
        continue;
      }
      // Most values are safe integers: their number builds the text without bigint arithmetic. Number() of a
      // wider value rounds to at least 2^53, never to a safe integer, so the check is exact.
      const n = Number(v);
      out[at + i] = decimalText(Number.isSafeInteger(n) ? n : v, scale);
    }
  };
}

function decimalFromBytes(scale: number): Convert {
  return (source, out, at) => {
    for (let i = 0; i < source.length; i++) {
      const v = source[i] as Uint8Array | null | undefined;
      out[at + i] = v === null || v === undefined ? null : decimalTextFromBytes(v, 0, v.length, scale);
    }
  };
}

// hyparquet's byte arrays are views into the page buffer: copy them so kept values do not pin the page. One
// buffer per chunk, not per value: a million small ArrayBuffers cost far more than the bytes they hold.
function copyBytes(source: Source, out: ColumnValue[], at: number): void {
  let total = 0;
  for (let i = 0; i < source.length; i++) {
    const v = source[i] as Uint8Array | null | undefined;
    if (v !== null && v !== undefined) total += v.length;
  }
  const copy = new Uint8Array(total);
  let offset = 0;
  for (let i = 0; i < source.length; i++) {
    const v = source[i] as Uint8Array | null | undefined;
    if (v === null || v === undefined) {
      out[at + i] = null;
    } else {
      copy.set(v, offset);
      out[at + i] = copy.subarray(offset, offset + v.length);
      offset += v.length;
    }
  }
}

function uuid(source: Source, out: ColumnValue[], at: number): void {
  for (let i = 0; i < source.length; i++) {
    const v = source[i] as Uint8Array | null | undefined;
    out[at + i] = v === null || v === undefined ? null : uuidText(v);
  }
}

function timestampFromText(fileKey: string, name: string): Convert {
  return (source, out, at, firstRow) => {
    for (let i = 0; i < source.length; i++) {
      const v = source[i] as Uint8Array | null | undefined;
      if (v === null || v === undefined) {
        out[at + i] = null;
        continue;
      }
      const micros = parseTimestampBytes(v);
      if (typeof micros === 'string') {
        const text = JSON.stringify(new TextDecoder().decode(v));
        throw new DmsFileError(fileKey, `timestamp column "${name}" holds ${text}, which ${micros}`, {
          row: firstRow + i,
        });
      }
      out[at + i] = micros;
    }
  };
}

// The PLAIN page conversions (ColumnPlan.convertSpans): the same values as above, read in place in the page.

function utf8TextSpans(fileKey: string, name: string): ConvertSpans {
  const oneByOne = utf8Text(fileKey, name);
  return (bytes, starts, ends, rows, out, at, firstRow) => {
    if (utf8Spans(bytes, starts, ends, rows, out, at)) return;
    // Some value is not UTF-8: the value-by-value path finds it and names its row.
    const views = new Array<Uint8Array | null>(rows);
    for (let r = 0; r < rows; r++) views[r] = starts[r]! < 0 ? null : bytes.subarray(starts[r]!, ends[r]!);
    oneByOne(views, out, at, firstRow);
  };
}

function timestampSpans(fileKey: string, name: string): ConvertSpans {
  const oneByOne = timestampFromText(fileKey, name);
  return (bytes, starts, ends, rows, out, at, firstRow) => {
    for (let r = 0; r < rows; r++) {
      const start = starts[r]!;
      if (start < 0) {
        out[at + r] = null;
        continue;
      }
      const micros = parseTimestampBytes(bytes, start, ends[r]!);
      // Not a timestamp: the value-by-value path words the error.
      if (typeof micros === 'string') oneByOne([bytes.subarray(start, ends[r]!)], [], 0, firstRow + r);
      out[at + r] = micros;
    }
  };
}

function decimalSpans(scale: number): ConvertSpans {
  return (bytes, starts, ends, rows, out, at) => {
    for (let r = 0; r < rows; r++) {
      const start = starts[r]!;
      out[at + r] = start < 0 ? null : decimalTextFromBytes(bytes, start, ends[r]!, scale);
    }
  };
}

function uuidSpans(
  bytes: Uint8Array,
  starts: Int32Array,
  _ends: Int32Array,
  rows: number,
  out: ColumnValue[],
  at: number,
): void {
  for (let r = 0; r < rows; r++) {
    const start = starts[r]!;
    out[at + r] = start < 0 ? null : uuidText(bytes, start);
  }
}

// One copy of the page's values (with the length prefixes between them, which no view covers) and a view per
// value: the values do not pin the row group's buffer, and a page costs one buffer, not one per value.
function copyBytesSpans(
  bytes: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  rows: number,
  out: ColumnValue[],
  at: number,
): void {
  let from = -1;
  let to = 0;
  for (let r = 0; r < rows; r++) {
    if (starts[r]! < 0) continue;
    if (from < 0) from = starts[r]!;
    to = ends[r]!;
  }
  const buffer = from < 0 ? new ArrayBuffer(0) : bytes.slice(from, to).buffer;
  for (let r = 0; r < rows; r++) {
    const start = starts[r]!;
    out[at + r] = start < 0 ? null : new Uint8Array(buffer, start - from, ends[r]! - start);
  }
}
