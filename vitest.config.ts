import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Real database servers are shared between files: keep files from fighting over them.
    fileParallelism: true,
    pool: 'forks',
  },
});
