/** One INT96 timestamp's 12 bytes: nanoseconds of the day (little-endian uint64), then the Julian day (int32). */
export function int96(julianDay: number, nanosOfDay: bigint): Uint8Array {
  const bytes = new Uint8Array(12);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, nanosOfDay, true);
  view.setInt32(8, julianDay, true);
  return bytes;
}
