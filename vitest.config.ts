import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts'],
    // Live suites talk to real clouds with real credentials: `pnpm test:live` (vitest.live.config.ts) only.
    exclude: ['**/node_modules/**', '**/*.live.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Files run two at a time (vitest's default on 2 cores is one): much of the suite waits on servers, the
    // local stack and queues rather than the CPU. Each file works in its own schema, database or stack.
    fileParallelism: true,
    maxWorkers: 2,
    pool: 'forks',
  },
});
