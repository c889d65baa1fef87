import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';

const run = promisify(execFile);

/** The issue's budget per function: minified, excluding the warehouse SDKs (issue 3, "Done when"). */
export const BUNDLE_TARGET_BYTES = 1_000_000;
const INIT_RUNS = 5;
const TOP = 5;

/**
 * Left out of every bundle: DuckDB is native and stands in for the warehouse SDKs, which the budget excludes;
 * PGlite is the local-only speed layer (a deployed merge worker talks to RDS through pg or mysql2). The AWS
 * SDK v3 is bundled on purpose: the functions do not rely on the copy in the Lambda runtime.
 */
const EXTERNAL = ['@duckdb/*', '@electric-sql/pglite'] as const;

/**
 * esbuild's ESM output cannot `require()` Node built-ins from the CommonJS it bundles (AWS SDK, pg, mysql2):
 * it throws `Dynamic require of "…" is not supported` at load. The usual fix is a `require` made by
 * `createRequire`, put in front of the bundle; init is timed on the bundle with it when the plain one fails.
 */
const REQUIRE_BANNER =
  "import { createRequire as __ferryCreateRequire } from 'node:module'; const require = __ferryCreateRequire(import.meta.url);";

/**
 * jsonc-parser's `main` is a UMD build whose factory `require`s `./impl/*` through its own parameter, which
 * esbuild cannot follow (`Cannot find module './impl/format'` at load). @ferry/mappings default-imports it
 * (what Node's CJS interop needs), so this resolves it to the package's ESM build with that default added.
 */
const INNER = Symbol('inner resolve');
const jsoncEsm: Plugin = {
  name: 'jsonc-parser-esm',
  setup(b) {
    b.onResolve({ filter: /^jsonc-parser$/ }, async (args) => {
      // The inner resolve would come back here: mark it and let esbuild resolve it normally.
      if (args.pluginData === INNER) return undefined;
      const umd = await b.resolve('jsonc-parser', {
        kind: 'import-statement',
        resolveDir: args.resolveDir,
        pluginData: INNER,
      });
      const esm = join(dirname(dirname(umd.path)), 'esm', 'main.js');
      return { path: esm, namespace: 'jsonc-esm' };
    });
    b.onLoad({ filter: /.*/, namespace: 'jsonc-esm' }, (args) => ({
      contents: `import * as m from ${JSON.stringify(args.path)}; export * from ${JSON.stringify(args.path)}; export default m;`,
      resolveDir: dirname(args.path),
    }));
  },
};

/** What makes a bundle load when the plain one does not (both reported, not hidden). */
const LOADABLE = { banner: { js: REQUIRE_BANNER }, plugins: [jsoncEsm] } satisfies BuildOptions;

/**
 * What each function is bundled as. The AWS SDK v3 is in the Lambda Node.js 20 runtime: bundling it pins its
 * version, leaving it out saves half a megabyte; both are measured. The merge worker needs one database driver
 * per stage (the speed layer loads each driver only when its URL asks for it), so it is measured per stage.
 */
const VARIANTS = [
  { fn: 'warehouse-loader', variant: 'AWS SDK bundled', external: [], env: { FERRY_WAREHOUSE: 'duckdb::memory:' } },
  {
    fn: 'warehouse-loader',
    variant: 'AWS SDK from the runtime',
    external: ['@aws-sdk/*', '@smithy/*'],
    env: { FERRY_WAREHOUSE: 'duckdb::memory:' },
  },
  { fn: 'change-forwarder', variant: 'AWS SDK bundled', external: [], env: { FERRY_STREAM_NAME: 'x' } },
  {
    fn: 'change-forwarder',
    variant: 'AWS SDK from the runtime',
    external: ['@aws-sdk/*', '@smithy/*'],
    env: { FERRY_STREAM_NAME: 'x' },
  },
  // The drivers connect on the first query, so module init needs no server.
  {
    fn: 'merge-worker',
    variant: 'PostgreSQL stage (mysql2 left out)',
    external: ['mysql2', 'mysql2/*'],
    env: { FERRY_SPEED_LAYER: 'postgres://postgres@127.0.0.1:5432/test' },
  },
  {
    fn: 'merge-worker',
    variant: 'MySQL stage (pg left out)',
    external: ['pg', 'pg-*'],
    env: { FERRY_SPEED_LAYER: 'mysql://root@127.0.0.1:3306/test' },
  },
] as const;

export interface BundleInput {
  readonly path: string;
  readonly bytes: number;
}

/** One function's bundle and its cold module init. */
export interface BundleFigures {
  readonly fn: string;
  readonly variant: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly verdict: 'PASS' | 'MISS';
  /** `@aws-sdk/*` and `@smithy/*` bytes in the bundle (the SDK is bundled, not taken from the runtime). */
  readonly awsSdkBytes: number;
  /** Packages the bundle imports at run time besides Node built-ins, with how (static imports load at init). */
  readonly externals: readonly string[];
  readonly topInputs: readonly BundleInput[];
  readonly topPackages: readonly BundleInput[];
  /** Why the bundle as briefed (no banner) failed to load, if it did. */
  readonly plainInitError?: string;
  /** Bytes of the bundle built to load when the plain one does not (see `LOADABLE`). */
  readonly loadableBytes?: number;
  /** Milliseconds of `await import(bundle)` in fresh `node` processes; absent when it could not load. */
  readonly initMs?: readonly number[];
  readonly initMedianMs?: number;
  /** What the init figure was measured on (e.g. with the `createRequire` banner), or why there is none. */
  readonly initNote: string;
}

/**
 * Bundles each function's `handler.ts` with esbuild as it would be deployed (minified ESM for Node 20,
 * DuckDB and PGlite left out), weighs it against the 1 MB budget, names what weighs most from the metafile,
 * and times module init as the median of cold `node` processes importing the bundle with the function's env.
 * The bundles and their runners live in a temp folder whose `node_modules` links to the externals only.
 */
export async function measureBundles(repoDir: string, log: (line: string) => void): Promise<BundleFigures[]> {
  const out: BundleFigures[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'ferry-bundles-'));
  try {
    await linkExternals(repoDir, join(dir, 'node_modules'), [...EXTERNAL, '@aws-sdk/*', '@smithy/*']);
    for (const [v, { fn, variant, external, env }] of VARIANTS.entries()) {
      log(`bundles: ${fn} (${variant}) …`);
      const entry = join(repoDir, 'services', fn, 'src', 'handler.ts');
      const externals = { external: [...EXTERNAL, ...external] };
      const plain = await bundle(repoDir, entry, join(dir, `${v}`, 'plain.mjs'), externals);
      const bytes = await readFile(plain.file);
      const runEnv = {
        FERRY_MAPPINGS_DIR: join(repoDir, 'mappings'),
        FERRY_MASK_KEY: '0123456789abcdef0123',
        AWS_REGION: 'us-east-1',
        ...env,
      };
      const first = await initOnce(plain.file, runEnv);
      let file = plain.file;
      let plainInitError: string | undefined;
      let initNote = 'as bundled';
      let loadableBytes: number | undefined;
      if (typeof first === 'string') {
        plainInitError = first;
        const loadable = await bundle(repoDir, entry, join(dir, `${v}`, 'loadable.mjs'), { ...LOADABLE, ...externals });
        file = loadable.file;
        loadableBytes = (await readFile(file)).length;
        initNote = `on the loadable bundle (${loadableBytes.toLocaleString('en')} bytes: createRequire banner, jsonc-parser's ESM build)`;
      }
      const initMs: number[] = [];
      let initError: string | undefined;
      for (let i = 0; i < INIT_RUNS && initError === undefined; i++) {
        const ms = await initOnce(file, runEnv);
        if (typeof ms === 'string') initError = ms;
        else initMs.push(ms);
      }
      const medianMs = initError === undefined ? median(initMs) : undefined;
      if (initError !== undefined) initNote = `does not load ${initNote}: ${initError}`;
      out.push({
        fn,
        variant,
        bytes: bytes.length,
        gzipBytes: gzipSync(bytes, { level: 9 }).length,
        verdict: bytes.length <= BUNDLE_TARGET_BYTES ? 'PASS' : 'MISS',
        awsSdkBytes: plain.packages
          .filter((p) => p.path.startsWith('@aws-sdk/') || p.path.startsWith('@smithy/'))
          .reduce((sum, p) => sum + p.bytes, 0),
        externals: plain.externals,
        topInputs: plain.inputs.slice(0, TOP),
        topPackages: plain.packages.slice(0, TOP),
        ...(plainInitError !== undefined && { plainInitError }),
        ...(loadableBytes !== undefined && { loadableBytes }),
        ...(medianMs !== undefined && { initMs, initMedianMs: medianMs }),
        initNote,
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

async function bundle(repoDir: string, entry: string, outfile: string, extra: BuildOptions) {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: [...EXTERNAL],
    metafile: true,
    // Input paths in the metafile come out relative to the repo: node_modules/.pnpm/…, packages/…
    absWorkingDir: repoDir,
    logLevel: 'silent',
    ...extra,
  });
  const output = Object.values(result.metafile!.outputs)[0]!;
  const inputs = Object.entries(output.inputs)
    .map(([path, i]) => ({ path, bytes: i.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return { file: outfile, inputs, packages: byPackage(inputs), externals: externalsOf(output) };
}

function externalsOf(output: Metafile['outputs'][string]): string[] {
  const builtin = /^(node:|[a-z_]+(\/[a-z_]+)?$)/;
  // A static import must resolve before the handler runs; a dynamic or require() one only when reached.
  const names = output.imports
    .filter((i) => i.external && !builtin.test(i.path))
    .map((i) => `${i.path} (${i.kind === 'import-statement' ? 'static import: needed at init' : i.kind})`);
  return [...new Set(names)].sort();
}

/** Input bytes summed per npm package (`@ferry/<dir>` for the workspace's own). */
function byPackage(inputs: readonly BundleInput[]): BundleInput[] {
  const sums = new Map<string, number>();
  for (const { path, bytes } of inputs) {
    const name = packageOf(path);
    sums.set(name, (sums.get(name) ?? 0) + bytes);
  }
  return [...sums].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes);
}

function packageOf(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = path.slice(at + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const own = /^(?:packages|services)\/([^/]+)\//.exec(path);
  return own ? `@ferry/${own[1]}` : path;
}

/**
 * `<modules>/<name>` linked to the real folder of each external, found in whichever workspace package
 * depends on it, so the bundles resolve exactly the externals and nothing else from the repo.
 */
async function linkExternals(repoDir: string, modules: string, patterns: readonly string[]): Promise<void> {
  const owners = [
    ...(await readdir(join(repoDir, 'packages'))).map((d) => join(repoDir, 'packages', d)),
    ...(await readdir(join(repoDir, 'services'))).map((d) => join(repoDir, 'services', d)),
  ];
  const names: string[] = [];
  for (const pattern of patterns) {
    if (!pattern.endsWith('/*')) {
      names.push(pattern);
      continue;
    }
    const scope = pattern.slice(0, -2);
    for (const owner of owners) {
      const scoped = join(owner, 'node_modules', scope);
      if (existsSync(scoped)) for (const n of await readdir(scoped)) names.push(`${scope}/${n}`);
    }
  }
  for (const name of new Set(names)) {
    const owner = owners.find((o) => existsSync(join(o, 'node_modules', name)));
    if (!owner) continue;
    const link = join(modules, name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(await realpath(join(owner, 'node_modules', name)), link, 'dir');
  }
}

/** Milliseconds of importing `file` in a fresh `node` process, or the first line of why it failed. */
async function initOnce(file: string, env: Record<string, string>): Promise<number | string> {
  const runner = join(dirname(file), 'run.mjs');
  await writeFile(
    runner,
    // exit at once: an open client (a DuckDB instance, a pg pool) must not keep the process alive.
    'const file = process.argv[2]; const t0 = performance.now(); await import(file);\n' +
      'process.stdout.write(JSON.stringify({ ms: performance.now() - t0 })); process.exit(0);\n',
  );
  try {
    const { stdout } = await run(process.execPath, [runner, file], {
      cwd: dirname(file),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      timeout: 60_000,
    });
    return (JSON.parse(stdout.slice(stdout.lastIndexOf('{'))) as { ms: number }).ms;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    const line = stderr.split('\n').find((l) => /^\w*Error\b|^Error/.test(l.trim()));
    return (line ?? (error instanceof Error ? error.message : String(error))).trim().slice(0, 300);
  }
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The figures as a table, with what weighs most in each bundle. */
export function formatBundles(figures: readonly BundleFigures[]): string {
  const kb = (n: number) => `${(n / 1000).toFixed(0)} kB`;
  const head = ['function', 'variant', 'bytes (min)', 'gzip', 'AWS SDK', 'target', '', 'init median', 'init runs ms'];
  const body = figures.map((f) => [
    f.fn,
    f.variant,
    f.bytes.toLocaleString('en'),
    kb(f.gzipBytes),
    kb(f.awsSdkBytes),
    `≤ ${kb(BUNDLE_TARGET_BYTES)}`,
    f.verdict,
    f.initMedianMs === undefined ? '—' : `${f.initMedianMs.toFixed(0)} ms`,
    f.initMs?.map((ms) => ms.toFixed(0)).join(' ') ?? '—',
  ]);
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((r) => [...r[c]!].length)));
  const lines = all.map((r) =>
    r
      .map((cell, c) => (c <= 1 || c === 6 || c === 8 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
  const out = [
    `Function bundles: esbuild, minified ESM for node20, always external ${EXTERNAL.join(', ')}; variants as listed`,
    `target: ≤ 1 MB minified excluding the warehouse SDKs; init = await import(bundle) in a fresh node process, median of ${INIT_RUNS}`,
    ...lines,
  ];
  for (const f of figures) {
    out.push('', `${f.fn} (${f.variant}): externals imported at run time: ${f.externals.join(', ') || 'none'}`);
    out.push(`  top packages: ${f.topPackages.map((p) => `${p.path} ${kb(p.bytes)}`).join(', ')}`);
    const short = (path: string) => path.replace(/^node_modules\/\.pnpm\/[^/]+\/node_modules\//, '');
    out.push(`  top inputs:   ${f.topInputs.map((p) => `${short(p.path)} ${kb(p.bytes)}`).join(', ')}`);
    if (f.plainInitError) out.push(`  FINDING: the bundle as briefed does not load: ${f.plainInitError}`);
    out.push(`  init: ${f.initNote}`);
  }
  return `${out.join('\n')}\n`;
}
