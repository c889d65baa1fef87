/**
 * The integer a big-endian two's-complement byte string holds (parquet DECIMAL on FIXED_LEN_BYTE_ARRAY or
 * BYTE_ARRAY). Returns a `number` when it fits in 48 bits, which most decimals do even in 16-byte columns,
 * so the common case allocates no bigint.
 */
export function unscaledFromBytes(bytes: Uint8Array): number | bigint {
  const n = bytes.length;
  if (n === 0) return 0;
  const negative = bytes[0]! >= 0x80;
  const fill = negative ? 0xff : 0x00;
  const signBit = fill & 0x80;
  // Leading sign-extension bytes carry no value: skip them while the next byte keeps the sign.
  let i = 0;
  while (i < n - 1 && bytes[i] === fill && (bytes[i + 1]! & 0x80) === signBit) i++;
  const width = n - i;
  if (width <= 6) {
    let u = 0;
    for (let k = i; k < n; k++) u = u * 256 + bytes[k]!;
    return negative ? u - 2 ** (8 * width) : u;
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
