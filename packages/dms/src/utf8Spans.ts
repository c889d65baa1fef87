import { isAscii, isUtf8 } from 'node:buffer';
import type { ColumnValue } from '@ferry/core';

interface Slicing {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** Grows to the largest page seen; reused, as pages are decoded one at a time. */
let scratch = Buffer.alloc(1 << 16);

/**
 * Decodes the text values of one PLAIN page in place (spans as in `ColumnPlan.convertSpans`) into `out[at …]`,
 * when every value is valid UTF-8; returns false, writing nothing, when one is not, so the caller can find and
 * name it.
 *
 * The page's values are copied side by side into a scratch buffer with their length prefixes zeroed. A zero byte
 * is ASCII, never part of a multi-byte sequence, so that run is valid UTF-8 exactly when every value is: one
 * native check covers the page, instead of a fatal TextDecoder call (and a view) per value. Each value is then
 * one native slice of the page: the one-byte (latin1) slice when the page is ASCII, which is the same text.
 * (Decoding the page as one string and taking substrings was measured slower, and would pin the page.)
 */
export function utf8Spans(
  bytes: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  rows: number,
  out: ColumnValue[],
  at: number,
): boolean {
  let first = -1;
  let last = -1;
  for (let r = 0; r < rows; r++) {
    if (starts[r]! < 0) continue;
    if (first < 0) first = r;
    last = r;
  }
  let ascii = true;
  if (first >= 0) {
    const from = starts[first]!;
    const length = ends[last]! - from;
    if (scratch.length < length) scratch = Buffer.alloc(Math.max(length, scratch.length * 2));
    const run = scratch;
    run.set(bytes.subarray(from, from + length));
    let gap = ends[first]! - from;
    for (let r = first + 1; r <= last; r++) {
      const start = starts[r]!;
      if (start < 0) continue;
      for (let k = start - from - 1; k >= gap; k--) run[k] = 0;
      gap = ends[r]! - from;
    }
    const checked = run.subarray(0, length);
    if (!isUtf8(checked)) return false;
    ascii = isAscii(checked);
  }
  const page = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as Buffer & Slicing;
  if (ascii) {
    for (let r = 0; r < rows; r++) {
      const start = starts[r]!;
      out[at + r] = start < 0 ? null : page.latin1Slice(start, ends[r]!);
    }
  } else {
    for (let r = 0; r < rows; r++) {
      const start = starts[r]!;
      out[at + r] = start < 0 ? null : page.utf8Slice(start, ends[r]!);
    }
  }
  return true;
}
