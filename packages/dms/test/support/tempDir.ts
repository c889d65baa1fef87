import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A fresh temporary folder for one test file, removed after its tests; returns a path maker. */
export function tempDir(label: string): (name: string) => string {
  const dir = mkdtempSync(join(tmpdir(), `ferry-dms-${label}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name) => join(dir, name);
}
