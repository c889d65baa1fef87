import { defineConfig } from 'vitest/config';

// `pnpm test:live`: the end-to-end checks against real Snowflake and BigQuery (docs/warehouses.md, "Live tests").
// Never part of `pnpm test` or CI; each suite skips, saying why, when its credentials are not in the environment.
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.live.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
