import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * Writes each function's esbuild metafile to `<outDir>/bundles/<function>.json` (the function named by its
 * `services/<function>/src/handler.ts` entry): which packages went into the bundle and how many bytes each,
 * next to the packaged template. The packaging test reads them; so can anyone weighing a bundle.
 */
export function bundleReport(outDir: string): Plugin {
  return {
    name: 'ferry-bundle-report',
    setup(build) {
      build.initialOptions.metafile = true;
      const entries = build.initialOptions.entryPoints;
      const entry = Array.isArray(entries) ? String(entries[0]) : '';
      const fn = /services\/([^/]+)\/src\/handler\.ts$/.exec(entry.replaceAll('\\', '/'))?.[1];
      build.onEnd((result) => {
        if (fn === undefined || result.metafile === undefined) return;
        mkdirSync(join(outDir, 'bundles'), { recursive: true });
        writeFileSync(join(outDir, 'bundles', `${fn}.json`), JSON.stringify(result.metafile));
      });
    },
  };
}
