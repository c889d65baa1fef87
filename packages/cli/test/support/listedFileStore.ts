import type { FileStore } from '../../src/index.js';

/** A store that lists exactly `keys` (duplicates and order kept) and opens them from `inner`. */
export function listedFileStore(inner: FileStore, keys: readonly string[]): FileStore {
  return { list: async () => [...keys], open: (key) => inner.open(key) };
}
