import { type ColumnValue, DmsFileError } from '@ferry/core';
import type { ColumnMetaData, DecodedArray, SchemaElement, SchemaTree } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { compressors } from 'hyparquet-compressors';
import type { ColumnPlan } from './ColumnPlan.js';
import { checkHybrid } from './checkHybrid.js';

type ColumnDecoder = Parameters<typeof readDataPageV2>[2];

/** Where each row's value lies in a PLAIN byte-array page (see `ColumnPlan.convertSpans`); reused, grown. */
let starts = new Int32Array(1024);
let ends = new Int32Array(1024);

/**
 * Decodes one flat column chunk (all its pages) into `out[0 … rowCount)`, converting values with `plan`.
 *
 * hyparquet does the parquet work (page headers, decompression, levels, PLAIN/dictionary/delta/byte-stream-split
 * decoding); this loop only places values and NULLs, so no intermediate per-row arrays are built and a
 * dictionary is converted once, not once per row. PLAIN byte-array pages, the bulk of a DMS file, are read
 * here instead, in place (`ColumnPlan.convertSpans`), where hyparquet would make a view per value. `element` is
 * the column's footer schema element; `firstRow` the file row number of the chunk's first row, for errors.
 *
 * Throws `DmsFileError` for a value that cannot be held exactly (from `plan`), and plain errors for corrupt
 * data, which the caller names.
 */
export function readColumnChunk(
  bytes: Uint8Array,
  meta: ColumnMetaData,
  element: SchemaElement,
  plan: ColumnPlan,
  out: ColumnValue[],
  rowCount: number,
  firstRow: number,
): void {
  const schemaPath: SchemaTree[] = [
    { element: { name: 'schema', num_children: 1 }, children: [], count: 2, path: [] },
    { element, children: [], count: 1, path: [element.name] },
  ];
  const decoder: ColumnDecoder = {
    pathInSchema: [element.name],
    type: meta.type,
    element,
    schemaPath,
    codec: meta.codec,
    parsers: DEFAULT_PARSERS,
    compressors,
  };
  const maxDefinition = element.repetition_type === 'REQUIRED' ? 0 : 1;
  // Dictionary values are shared by the rows that use them, except bytes: each row gets its own copy.
  const share = plan.spec.type.kind !== 'bytes';
  // The in-place PLAIN path: 0 for length-prefixed byte arrays, else the fixed length (left to hyparquet if odd).
  const fixed = element.type_length;
  const width =
    meta.type === 'BYTE_ARRAY'
      ? 0
      : meta.type === 'FIXED_LEN_BYTE_ARRAY' && fixed !== undefined && Number.isSafeInteger(fixed) && fixed > 0
        ? fixed
        : -1;
  const convertSpans = width >= 0 ? plan.convertSpans : undefined;
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  let dictionary: DecodedArray | undefined;
  let converted: ColumnValue[] | null | undefined;
  let at = 0;

  while (at < rowCount) {
    if (reader.offset >= bytes.byteLength) throw new Error(`pages end after ${at} of ${rowCount} rows`);
    const header = parquetHeader(reader);
    const size = header.compressed_page_size;
    // A garbage header must not send the loop backwards or nowhere.
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`a page header gives ${size} as the page size`);
    const page = bytes.subarray(reader.offset, reader.offset + size);
    if (page.length !== size) throw new Error('a page runs past the column chunk');
    reader.offset += size;

    let rows: number;
    let encoding: string;
    let definitionLevels: readonly number[] | undefined;
    let values: DecodedArray;
    if (header.type === 'DICTIONARY_PAGE') {
      const { num_values } = header.dictionary_page_header ?? {};
      if (num_values === undefined) throw new Error('dictionary page without its header');
      const plain = decompressPage(page, header.uncompressed_page_size, meta.codec, compressors);
      const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
      dictionary = readPlain({ view, offset: 0 }, meta.type, num_values, element.type_length);
      converted = undefined;
      continue;
    } else if (header.type === 'DATA_PAGE') {
      const daph = header.data_page_header;
      if (!daph) throw new Error('data page without its header');
      rows = daph.num_values;
      encoding = daph.encoding;
      checkRows(rows, at, rowCount);
      const plain = decompressPage(page, header.uncompressed_page_size, meta.codec, compressors);
      let valuesAt = 0;
      if (maxDefinition > 0) {
        valuesAt = 4 + uint32(plain, 0);
        checkHybrid(plain, 4, valuesAt, 1, rows, true);
      }
      checkValueRuns(plain, valuesAt, encoding, meta.type, rows);
      if (convertSpans && encoding === 'PLAIN') {
        const levels = maxDefinition > 0 ? readLevels(plain, 4, valuesAt, rows) : undefined;
        // hyparquet takes the rows at the full definition level as values (a v1 page states no count).
        const stated = levels ? count(levels, rows, 1) : rows;
        findSpans(plain, valuesAt, width, levels, stated, rows);
        convertSpans(plain, starts, ends, rows, out, at, firstRow + at);
        at += rows;
        continue;
      }
      ({ definitionLevels, dataPage: values } = readDataPage(plain, daph, decoder));
    } else if (header.type === 'DATA_PAGE_V2') {
      const daph = header.data_page_header_v2;
      if (!daph) throw new Error('data page v2 without its header');
      rows = daph.num_rows;
      encoding = daph.encoding;
      checkRows(rows, at, rowCount);
      const levels = daph.repetition_levels_byte_length + daph.definition_levels_byte_length;
      if (maxDefinition > 0) {
        const from = daph.repetition_levels_byte_length;
        checkHybrid(page, from, from + daph.definition_levels_byte_length, 1, rows, true);
      }
      // Decompress the values here rather than in hyparquet, so their runs can be checked first.
      let plain = page;
      if (daph.is_compressed !== false) {
        const valuesPlain = decompressPage(
          page.subarray(levels),
          header.uncompressed_page_size - levels,
          meta.codec,
          compressors,
        );
        plain = new Uint8Array(levels + valuesPlain.length);
        plain.set(page.subarray(0, levels));
        plain.set(valuesPlain, levels);
      }
      checkValueRuns(plain, levels, encoding, meta.type, rows);
      if (convertSpans && encoding === 'PLAIN') {
        const from = daph.repetition_levels_byte_length;
        const present =
          maxDefinition > 0 ? readLevels(plain, from, from + daph.definition_levels_byte_length, rows) : undefined;
        findSpans(plain, levels, width, present, daph.num_values - daph.num_nulls, rows);
        convertSpans(plain, starts, ends, rows, out, at, firstRow + at);
        at += rows;
        continue;
      }
      const uncompressed = { ...header, data_page_header_v2: { ...daph, is_compressed: false } };
      ({ definitionLevels, dataPage: values } = readDataPageV2(plain, uncompressed, decoder));
    } else if (header.type === 'INDEX_PAGE') {
      continue; // carries no values
    } else {
      throw new Error(`unknown page type ${header.type}`);
    }

    // The levels decide which rows are NULL; the value count must agree with them (a v2 header states it too).
    let nulls = 0;
    if (maxDefinition > 0 && definitionLevels?.length === rows) {
      for (let r = 0; r < rows; r++) if (definitionLevels[r] === 0) nulls++;
    }
    if (values.length !== rows - nulls) {
      throw new Error(`a page of ${rows} rows and ${nulls} NULLs holds ${values.length} values`);
    }
    const dense = nulls === 0;
    if (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY') {
      if (!dictionary) throw new Error('a dictionary-encoded page without a dictionary page');
      if (converted === undefined) converted = share ? convertDictionary(plan, dictionary) : null;
      if (converted) {
        placeFromDictionary(values, converted, definitionLevels, dense, out, at, rows);
      } else {
        // A dictionary entry that cannot be converted (or bytes): convert row by row, so errors name the row.
        plan.convert(expand(values, dictionary, definitionLevels, dense, rows), out, at, firstRow + at);
      }
    } else if (dense) {
      plan.convert(values, out, at, firstRow + at);
    } else {
      plan.convert(expand(values, undefined, definitionLevels, dense, rows), out, at, firstRow + at);
    }
    at += rows;
  }
}

/** The definition levels of a flat column (checked by `checkHybrid`) in `bytes[from, to)`, one per row. */
function readLevels(bytes: Uint8Array, from: number, to: number, rows: number): Uint8Array {
  const levels = new Uint8Array(rows);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  readRleBitPackedHybrid({ view, offset: from }, 1, levels, to - from);
  return levels;
}

function count(levels: Uint8Array, rows: number, level: number): number {
  let n = 0;
  for (let r = 0; r < rows; r++) if (levels[r] === level) n++;
  return n;
}

/**
 * Fills `starts`/`ends` with each row's value in a PLAIN page of byte arrays (`width` 0: each with a 4-byte
 * length before it) or fixed-length ones, NULL rows (level 0) marked -1. `stated` is how many values the page
 * header says it holds, which must agree with the levels, as on the hyparquet path.
 */
function findSpans(
  page: Uint8Array,
  valuesAt: number,
  width: number,
  levels: Uint8Array | undefined,
  stated: number,
  rows: number,
): void {
  const nulls = levels ? count(levels, rows, 0) : 0;
  if (stated !== rows - nulls) throw new Error(`a page of ${rows} rows and ${nulls} NULLs holds ${stated} values`);
  if (starts.length < rows) {
    starts = new Int32Array(rows);
    ends = new Int32Array(rows);
  }
  const end = page.length;
  let p = valuesAt;
  for (let r = 0; r < rows; r++) {
    if (levels !== undefined && levels[r] === 0) {
      starts[r] = -1;
      continue;
    }
    let length = width;
    if (width === 0) {
      if (p + 4 > end) throw new Error(`value ${r} of a page of ${rows} rows runs past the page`);
      length = (page[p]! | (page[p + 1]! << 8) | (page[p + 2]! << 16) | (page[p + 3]! << 24)) >>> 0;
      p += 4;
    }
    if (p + length > end) throw new Error(`value ${r} of a page of ${rows} rows runs past the page`);
    starts[r] = p;
    ends[r] = p + length;
    p += length;
  }
}

function checkRows(rows: number, at: number, rowCount: number): void {
  if (!Number.isSafeInteger(rows) || rows < 0 || at + rows > rowCount) {
    throw new Error(`a page of ${rows} rows after ${at} rows overflows the ${rowCount} rows of the row group`);
  }
}

function uint32(bytes: Uint8Array, at: number): number {
  if (at + 4 > bytes.length) throw new Error('a page ends inside a length prefix');
  return new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, true);
}

/** Checks the run headers of values stored as RLE/bit-packed runs (dictionary indexes, RLE booleans). */
function checkValueRuns(page: Uint8Array, at: number, encoding: string, type: string, rows: number): void {
  if (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY') {
    if (at >= page.length) {
      if (rows > 0) throw new Error('a dictionary-encoded page without indexes');
      return;
    }
    const width = page[at]!;
    if (width > 0) checkHybrid(page, at + 1, page.length, width, rows, false);
  } else if (encoding === 'RLE' && type === 'BOOLEAN') {
    checkHybrid(page, at + 4, at + 4 + uint32(page, at), 1, rows, false);
  }
}

/** The dictionary's values converted once, or null when an entry cannot be (a row using it will say so). */
function convertDictionary(plan: ColumnPlan, dictionary: DecodedArray): ColumnValue[] | null {
  const converted = new Array<ColumnValue>(dictionary.length);
  try {
    plan.convert(dictionary, converted, 0, 0);
  } catch (error) {
    if (error instanceof DmsFileError) return null;
    throw error;
  }
  return converted;
}

function placeFromDictionary(
  indexes: DecodedArray,
  converted: readonly ColumnValue[],
  definitionLevels: readonly number[] | undefined,
  dense: boolean,
  out: ColumnValue[],
  at: number,
  rows: number,
): void {
  let v = 0;
  for (let r = 0; r < rows; r++) {
    if (!dense && definitionLevels![r] === 0) {
      out[at + r] = null;
      continue;
    }
    const value = converted[indexes[v++] as number];
    if (value === undefined) throw new Error(`dictionary index ${indexes[v - 1]} out of range`);
    out[at + r] = value;
  }
}

/** One raw value (or null) per row: dictionary indexes resolved, NULLs placed by definition level. */
function expand(
  values: DecodedArray,
  dictionary: DecodedArray | undefined,
  definitionLevels: readonly number[] | undefined,
  dense: boolean,
  rows: number,
): unknown[] {
  const raw = new Array<unknown>(rows);
  let v = 0;
  for (let r = 0; r < rows; r++) {
    if (!dense && definitionLevels![r] === 0) {
      raw[r] = null;
      continue;
    }
    const value = dictionary ? dictionary[values[v++] as number] : values[v++];
    if (value === undefined) throw new Error(`value ${v - 1} of the page is missing or out of the dictionary`);
    raw[r] = value;
  }
  return raw;
}
