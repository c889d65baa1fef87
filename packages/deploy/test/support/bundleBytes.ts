import type { Metafile } from 'esbuild';

/** The npm package an esbuild input path belongs to (`@scope/name` or `name`), or `undefined` for own code. */
export function packageOf(path: string): string | undefined {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * Bytes a bundle's output owes to inputs reachable from its entry without passing through `skip` (package names):
 * what the function carries besides those packages and everything only they pull in.
 */
export function bundleBytesWithout(metafile: Metafile, skip: readonly string[]): number {
  const output = Object.values(metafile.outputs)[0]!;
  const entry = output.entryPoint!;
  const seen = new Set([entry]);
  const stack = [entry];
  while (stack.length > 0) {
    const path = stack.pop()!;
    for (const imp of metafile.inputs[path]?.imports ?? []) {
      if (imp.external || seen.has(imp.path)) continue;
      const pkg = packageOf(imp.path);
      if (pkg !== undefined && skip.includes(pkg)) continue;
      seen.add(imp.path);
      stack.push(imp.path);
    }
  }
  return [...seen].reduce((sum, path) => sum + (output.inputs[path]?.bytesInOutput ?? 0), 0);
}
