import type { ColumnValue } from '@ferry/core';
import type { DmsParquetElement } from './DmsColumn.js';

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * Remembers the conversion of repeated text (decimal text → unscaled bigint, string → UTF-8 bytes) for one
 * column. Generated data repeats values a lot; a column whose values turn out mostly distinct (timestamps,
 * sequences) stops being cached after a sample, so it pays no lookups.
 */
export class ConversionCache {
  readonly #map = new Map<string, unknown>();
  #lookups = 0;
  #hits = 0;
  #enabled = true;

  convert<T>(text: string, make: (text: string) => T): T {
    if (!this.#enabled) return make(text);
    this.#lookups += 1;
    const known = this.#map.get(text);
    if (known !== undefined) {
      this.#hits += 1;
      return known as T;
    }
    const made = make(text);
    this.#map.set(text, made);
    if (this.#lookups === 4096 && this.#hits < 2048) {
      this.#enabled = false;
      this.#map.clear();
    } else if (this.#map.size > 65_536) {
      this.#map.clear();
    }
    return made;
  }
}

const NO_CACHE = { convert: <T>(text: string, make: (text: string) => T): T => make(text) };

/**
 * Turns ferry-represented values into what hyparquet-writer takes for `element`: unscaled bigints for
 * DECIMAL (so no value ever passes through a float), millis for TIMESTAMP_MILLIS, UTF-8 bytes for text,
 * the rest as they are. Throws a RangeError naming the column and row for a value that does not fit.
 */
export function dmsPhysicalValues(
  column: string,
  element: DmsParquetElement,
  values: readonly ColumnValue[],
  cache: Pick<ConversionCache, 'convert'> = NO_CACHE,
): unknown[] {
  const fail = (row: number, why: string): never => {
    throw new RangeError(`column ${column} row ${row}: ${why}`);
  };
  if (element.converted_type === 'DECIMAL') {
    const scale = element.scale ?? 0;
    const unscaled = (text: string): bigint | undefined => {
      if (!DECIMAL_TEXT.test(text)) return undefined;
      const [whole = '', fraction = ''] = text.split('.');
      if (fraction.length > scale) return undefined;
      return BigInt(whole + fraction.padEnd(scale, '0'));
    };
    return values.map((v, row) => {
      if (v === null) return null;
      const n = typeof v === 'string' ? cache.convert(v, unscaled) : undefined;
      return n ?? fail(row, `${String(v)} is not decimal text with at most ${scale} fraction digits`);
    });
  }
  if (element.converted_type === 'TIMESTAMP_MILLIS') {
    return values.map((v, row) => {
      if (v === null) return null;
      if (typeof v !== 'bigint') return fail(row, 'timestamp values are bigint microseconds');
      if (v % 1000n !== 0n) return fail(row, `${v} µs is not a whole millisecond`);
      return v / 1000n;
    });
  }
  if (element.converted_type === 'UTF8') {
    // Buffer.from carves small strings out of a shared slab: several times faster than TextEncoder here.
    const encode = (text: string): Uint8Array => Buffer.from(text, 'utf8');
    return values.map((v) => (typeof v === 'string' ? cache.convert(v, encode) : v));
  }
  return values as unknown[];
}
