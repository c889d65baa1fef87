const HEX = Buffer.from('0123456789abcdef', 'latin1');
// One flat string per value, written into a scratch buffer (see decimalText).
const scratch = Buffer.alloc(36);

/**
 * 16 bytes at `from` → `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (lowercase), the canonical text of a parquet UUID.
 */
export function uuidText(bytes: Uint8Array, from = 0): string {
  let at = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) scratch[at++] = 45; // -
    const b = bytes[from + i]!;
    scratch[at++] = HEX[b >> 4]!;
    scratch[at++] = HEX[b & 15]!;
  }
  return scratch.toString('latin1', 0, 36);
}
