import type { ByteSource } from './ByteSource.js';

/** A `ByteSource` over bytes already in memory (tests, small objects). A Node `Buffer` works too. */
export function bytesByteSource(bytes: Uint8Array): ByteSource {
  return {
    byteLength: bytes.byteLength,
    slice(start: number, end: number = bytes.byteLength): ArrayBuffer {
      // Copy explicitly: Buffer#slice is a view, and its .buffer may be a shared pool.
      const view = bytes.subarray(start, end);
      const copy = new Uint8Array(view.byteLength);
      copy.set(view);
      return copy.buffer;
    },
  };
}
