import type { Plugin } from 'esbuild';

/**
 * Static imports of the packages a stage leaves out (`custom.ferry.esbuildLeftOut`: DuckDB, PGlite, the warehouse
 * SDK and database driver the stage does not use) resolve to an empty module, which esbuild then drops with the
 * unused code that imported it; dynamic `import()`s of them stay external. A guard: `@ferry/warehouse` keeps its
 * adapters in subpath exports so its index imports no SDK, but any static import of a left-out package that
 * creeps into a bundle would otherwise stay as an external `import` (it may have side effects) and the function
 * would fail at start, looking for a package it never uses. Should such code run after all, the stand-in throws,
 * naming the package.
 */
export function leaveOutUnused(packages: readonly string[]): Plugin {
  const patterns = packages.map(
    (p) => new RegExp(`^${p.endsWith('/*') ? `${escapeRegExp(p.slice(0, -1))}` : `${escapeRegExp(p)}(?:/|$)`}`),
  );
  return {
    name: 'ferry-leave-out-unused',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind !== 'import-statement' || !patterns.some((re) => re.test(args.path))) return undefined;
        return { path: args.path, namespace: 'ferry-left-out' };
      });
      build.onLoad({ filter: /.*/, namespace: 'ferry-left-out' }, (args) => ({
        loader: 'js',
        contents: `module.exports = new Proxy({}, { get(_, key) {
  if (key === '__esModule') return false;
  throw new Error(${JSON.stringify(`${args.path} is left out of this stage's bundle (config/<stage>.json names another warehouse or speed layer)`)});
} });`,
      }));
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
