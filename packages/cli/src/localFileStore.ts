import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileByteSource } from '@ferry/dms';
import type { FileStore } from './FileStore.js';

/** A folder laid out like the landing bucket: the path below `dir` is the object key. */
export function localFileStore(dir: string): FileStore {
  return {
    async list() {
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      return entries
        .filter((e) => e.isFile())
        .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
        .sort();
    },
    open: (key) => fileByteSource(join(dir, ...key.split('/'))),
  };
}
