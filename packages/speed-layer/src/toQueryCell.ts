/**
 * A driver value as `QueryResult` shows it: `null`, booleans and JS numbers as they are (the adapters only
 * let 32-bit integers and floats become numbers), bytes as `\x…` hex, everything else as its exact text.
 */
export function toQueryCell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array)
    return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
