'use strict';
// serverless.yml reads `custom.ferry` through `${file(./scripts/serverless/ferry.cjs)}`. osls loads such resolvers
// with require(), so this CommonJS shim imports the TypeScript through tsx (a root devDependency), as ES modules:
// tsx's CommonJS mode would break default imports of CommonJS packages (jsonc-parser in @ferry/mappings), and its
// `tsx/esm/api` CommonJS build cannot register its loader (tsx 4.23), so the API comes in by import() too.
module.exports = async ({ options, resolveVariable }) => {
  const { tsImport } = await import('tsx/esm/api');
  const { resolveStage } = await tsImport('./resolveStage.ts', __filename);
  const params = Object.fromEntries(
    [options.param ?? []].flat().map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]),
  );
  return resolveStage({ stage: await resolveVariable('sls:stage'), mappingsDir: params.mappings });
};
