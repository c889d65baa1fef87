/**
 * Checks the run headers of an RLE/bit-packed hybrid stream (definition levels, dictionary indexes, RLE
 * booleans) in `bytes[start, end)` before hyparquet decodes it: every run must fit the data, no run may repeat
 * more values than the page holds (`expected`, an upper bound), and with `exact` (levels) the runs must cover
 * all `expected` values. hyparquet trusts run headers, so one corrupt header could make it fill billions of
 * values; this turns that into an error. No values are decoded here.
 */
export function checkHybrid(
  bytes: Uint8Array,
  start: number,
  end: number,
  width: number,
  expected: number,
  exact: boolean,
): void {
  if (!(start >= 0 && start <= end && end <= bytes.length)) {
    throw new Error(`RLE/bit-packed data at bytes ${start}–${end} runs past its page (${bytes.length} bytes)`);
  }
  if (width > 32) throw new Error(`RLE/bit-packed bit width ${width} is larger than 32`);
  let at = start;
  let seen = 0;
  while (at < end && seen < expected) {
    let header = 0;
    let shift = 0;
    for (;;) {
      if (at >= end || shift > 28) throw new Error('a corrupt RLE/bit-packed run header');
      const byte = bytes[at++]!;
      header += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) break;
    }
    const bitPacked = header % 2 === 1;
    const count = bitPacked ? Math.floor(header / 2) * 8 : Math.floor(header / 2);
    // hyparquet repeats an RLE run's value `count` times, and a bit-packed run of width 0 costs no bytes: only
    // the data bounds the other runs. Writers pad runs past the end (DuckDB by whole blocks), hence `expected`
    // rather than what remains.
    if ((!bitPacked || width === 0) && count > expected + 7) {
      throw new Error(`an RLE/bit-packed run of ${count} values in a page of at most ${expected}`);
    }
    at += bitPacked ? (count / 8) * width : Math.ceil(width / 8);
    if (at > end) throw new Error('an RLE/bit-packed run runs past its data');
    seen += count;
  }
  if (exact && seen < expected) throw new Error(`RLE/bit-packed runs cover ${seen} of ${expected} values`);
}
