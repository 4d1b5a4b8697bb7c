import { defineConfig } from 'vitest/config';

// Tests spawn real Python processes (venvs built once in global setup), so allow generous hook time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The real-program tier (vitest.real.config.ts, `npm run test:real`: network, minutes) and the container
    // tier (test/containers/vitest.config.ts, `npm run test:containers`: podman) have their own configs.
    exclude: ['test/real/**', 'test/containers/**', '**/node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Most tests wait on child processes, so more files than cores can run at once.
    maxWorkers: 3,
    // A hang guard, not a performance check: the machines are shared and loads vary a lot.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    // The soak test checks heap growth after forcing garbage collection.
    execArgv: ['--expose-gc'],
  },
});
