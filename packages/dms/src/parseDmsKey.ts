import { type DmsFile, DmsFileError } from '@ferry/core';
import { isDatePartition } from './isDatePartition.js';

// FACTS.md §1 (layout): full load `[SEGMENTn_]LOAD<8 hex>`, CDC `yyyyMMdd-HHmmssSSS[S]`, each `.parquet|.csv[.gz]`.
const FULL_LOAD_NAME = /^(?:SEGMENT(\d{1,4})_)?LOAD([0-9A-Fa-f]{8})\.(parquet|csv)(\.gz)?$/;
const CDC_NAME = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(\d{3})(\d?)\.(parquet|csv)(\.gz)?$/;
const LAYOUT = '<schema>/<table>/[<partition folders>/]<file>';

/**
 * What a DMS object key says about its file: source table, full load or CDC, format, and the ordinal that
 * orders files of one kind (see `DmsFile`). `key` is the full object key, already URL-decoded; `source.prefix`
 * is the mapping's prefix (`dms/brand-a/`, may be empty) and the key must start with it.
 *
 * Throws `DmsFileError` naming the key and what was expected when the key is not a DMS data-file layout.
 *
 * @example parseDmsKey('dms/brand-a/shop/orders/2022/10/23/20221023-013830913.parquet',
 *   { source: 'brand-a', prefix: 'dms/brand-a/' }).ordinal // '202210230138309130'
 */
export function parseDmsKey(key: string, source: { readonly source: string; readonly prefix: string }): DmsFile {
  const { prefix } = source;
  if (!key.startsWith(prefix)) {
    throw new DmsFileError(key, `not under the mapping prefix "${prefix}" of source "${source.source}"`);
  }
  let rest = key.slice(prefix.length);
  if (prefix !== '' && !prefix.endsWith('/')) {
    // `dms/brand-a` must not match `dms/brand-abc/...`.
    if (!rest.startsWith('/')) {
      throw new DmsFileError(key, `not under the mapping prefix "${prefix}/" of source "${source.source}"`);
    }
    rest = rest.slice(1);
  }
  const parts = rest.split('/');
  if (parts.some((p) => p === '')) {
    throw new DmsFileError(key, `empty path segment: expected ${prefix}${LAYOUT}`);
  }
  if (parts.some((p) => p === '.' || p === '..')) {
    throw new DmsFileError(key, `"." or ".." path segment: expected ${prefix}${LAYOUT}`);
  }
  if (parts.length < 3) {
    throw new DmsFileError(key, `expected ${prefix}${LAYOUT}, got ${parts.length} path segment(s) after the prefix`);
  }
  const schema = parts[0]!;
  const table = parts[1]!;
  const fileName = parts[parts.length - 1]!;
  const folders = parts.slice(2, -1);

  const load = FULL_LOAD_NAME.exec(fileName);
  if (load) {
    if (folders.length > 1) {
      throw new DmsFileError(
        key,
        `a full-load file sits directly in <table>/ or in one <partition>/ folder, found ${folders.length} folders ("${folders.join('/')}")`,
      );
    }
    const segment = load[1] === undefined ? 0 : Number(load[1]);
    const loadCounter = Number.parseInt(load[2]!, 16);
    const file: DmsFile = {
      key,
      source: source.source,
      table: { schema, table },
      kind: 'full-load',
      format: load[3] as 'parquet' | 'csv',
      gzip: load[4] !== undefined,
      fileName,
      ordinal: String(segment).padStart(4, '0') + String(loadCounter).padStart(14, '0'),
      segment,
      loadCounter,
    };
    return folders.length === 1 ? { ...file, partition: folders[0]! } : file;
  }

  const cdc = CDC_NAME.exec(fileName);
  if (cdc) {
    const [, y, mo, d, h, mi, s, ms, tenth, format, gz] = cdc as unknown as string[];
    const millis = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms));
    const fileTime = new Date(millis).toISOString();
    // Date.UTC rolls 2022-02-30 over into March: a round trip catches every out-of-range field.
    if (Number.isNaN(millis) || fileTime !== `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`) {
      throw new DmsFileError(key, `CDC file name "${fileName}" does not hold a valid yyyyMMdd-HHmmssSSS time`);
    }
    if (folders.length > 0 && !isDatePartition(folders)) {
      throw new DmsFileError(
        key,
        `a CDC file sits directly in <table>/ or in date-partition folders (e.g. 2022/10/23/, 2022-10-23/, 20221023/, 2022/10/23/13/), found "${folders.join('/')}/"`,
      );
    }
    return {
      key,
      source: source.source,
      table: { schema, table },
      kind: 'cdc',
      format: format as 'parquet' | 'csv',
      gzip: gz !== undefined,
      fileName,
      ordinal: `${y}${mo}${d}${h}${mi}${s}${ms}${tenth === '' ? '0' : tenth}`,
      fileTime,
    };
  }

  throw new DmsFileError(
    key,
    `file name "${fileName}" is not a DMS data file: expected [SEGMENTn_]LOAD<8 hex digits> or yyyyMMdd-HHmmssSSS[S], then .parquet or .csv, optionally .gz`,
  );
}
