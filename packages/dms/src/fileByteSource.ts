import { open } from 'node:fs/promises';
import type { ByteSource } from './ByteSource.js';

/**
 * A `ByteSource` over a local file that reads only the ranges asked for, so a 1 GB full-load file is never
 * read whole. Close it when done.
 *
 * @example
 * const source = await fileByteSource('LOAD00000001.parquet');
 * try { ... } finally { await source.close(); }
 */
export async function fileByteSource(path: string): Promise<ByteSource & { close(): Promise<void> }> {
  const handle = await open(path, 'r');
  let byteLength: number;
  try {
    byteLength = (await handle.stat()).size;
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    byteLength,
    async slice(start: number, end: number = byteLength): Promise<ArrayBuffer> {
      const from = Math.min(Math.max(start, 0), byteLength);
      const to = Math.min(Math.max(end, from), byteLength);
      const bytes = new Uint8Array(to - from);
      let filled = 0;
      while (filled < bytes.length) {
        const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, from + filled);
        if (bytesRead === 0)
          throw new Error(`${path}: file shrank while reading (${from + filled} of ${byteLength} bytes)`);
        filled += bytesRead;
      }
      return bytes.buffer;
    },
    close: () => handle.close(),
  };
}
