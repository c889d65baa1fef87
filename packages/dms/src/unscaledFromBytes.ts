/**
 * The integer a big-endian two's-complement byte string `bytes[from, to)` holds (parquet DECIMAL on
 * FIXED_LEN_BYTE_ARRAY or BYTE_ARRAY). Returns a `number` when it is a safe integer (|v| < 2^53), which most
 * decimals are even in 16-byte columns, so the common case allocates no bigint; a `bigint` otherwise.
 */
export function unscaledFromBytes(bytes: Uint8Array, from = 0, to = bytes.length): number | bigint {
  const n = to;
  if (n <= from) return 0;
  const negative = bytes[from]! >= 0x80;
  const fill = negative ? 0xff : 0x00;
  const signBit = fill & 0x80;
  // Leading sign-extension bytes carry no value: skip them while the next byte keeps the sign.
  let i = from;
  while (i < n - 1 && bytes[i] === fill && (bytes[i + 1]! & 0x80) === signBit) i++;
  const width = n - i;
  if (width <= 6) {
    let u = 0;
    for (let k = i; k < n; k++) u = u * 256 + bytes[k]!;
    return negative ? u - 2 ** (8 * width) : u;
  }
  if (width === 7) {
    // The signed top byte times 2^48 plus the low 48 bits: exact while the top byte is within ±32 (|v| ≤ 2^53);
    // the safe-integer check then leaves only -2^53 itself to the bigint path.
    const top = bytes[i]! - (negative ? 256 : 0);
    if (top >= -32 && top < 32) {
      let low = 0;
      for (let k = i + 1; k < n; k++) low = low * 256 + bytes[k]!;
      const v = top * 2 ** 48 + low;
      if (Number.isSafeInteger(v)) return v;
    }
  }
  let u = 0n;
  let k = i;
  // First the odd bytes, then 6-byte chunks: one bigint step per 48 bits.
  const head = width % 6;
  if (head > 0) {
    let chunk = 0;
    for (const end = k + head; k < end; k++) chunk = chunk * 256 + bytes[k]!;
    u = BigInt(chunk);
  }
  while (k < n) {
    let chunk = 0;
    for (const end = k + 6; k < end; k++) chunk = chunk * 256 + bytes[k]!;
    u = (u << 48n) | BigInt(chunk);
  }
  return negative ? u - (1n << BigInt(8 * width)) : u;
}
