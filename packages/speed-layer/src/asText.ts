/** A text cell from any driver: MySQL hands binary-collated strings back as Buffers. */
export function asText(value: unknown): string {
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  return String(value);
}
