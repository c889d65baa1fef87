import { dirname, join } from 'node:path';
import type { Plugin } from 'esbuild';

const INNER = Symbol('inner resolve');

/**
 * jsonc-parser's `main` is a UMD build whose factory `require`s `./impl/*` through its own parameter, which
 * esbuild cannot follow (`Cannot find module './impl/format'` at load). @ferry/mappings default-imports it (what
 * Node's CommonJS interop needs), so this resolves it to the package's ESM build with that default added. The same
 * finding as `pnpm bench --only bundles` (docs/benchmarks.md).
 */
export const jsoncParserEsm: Plugin = {
  name: 'jsonc-parser-esm',
  setup(build) {
    build.onResolve({ filter: /^jsonc-parser$/ }, async (args) => {
      // The inner resolve would come back here: mark it and let esbuild resolve it normally.
      if (args.pluginData === INNER) return undefined;
      const umd = await build.resolve('jsonc-parser', {
        kind: 'import-statement',
        resolveDir: args.resolveDir,
        pluginData: INNER,
      });
      return { path: join(dirname(dirname(umd.path)), 'esm', 'main.js'), namespace: 'jsonc-esm' };
    });
    build.onLoad({ filter: /.*/, namespace: 'jsonc-esm' }, (args) => ({
      contents: `import * as m from ${JSON.stringify(args.path)}; export * from ${JSON.stringify(args.path)}; export default m;`,
      resolveDir: dirname(args.path),
    }));
  },
};
