/** `value` as big-endian two's complement in `length` bytes: how parquet stores a DECIMAL on FLBA. */
export function decimalBytes(value: bigint, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let v = BigInt.asUintN(length * 8, value);
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return bytes;
}
