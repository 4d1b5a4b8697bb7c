import { defineConfig } from 'vitest/config';

// The real-program tier (`npm run test:real`): the real pocket-tts from the package index, a synthetic
// Hub cache, the contract suite unchanged and the toolkit end to end. Apart from `npm test`, which stays
// fast and offline. One file at a time: every test here loads a full-size model (~1.2 GB, seconds of CPU).
export default defineConfig({
  test: {
    include: ['test/real/**/*.test.ts', 'test/contract/**/*.test.ts'],
    // The double's setup first: it isolates every install from the machine's pip configuration.
    globalSetup: ['test/support/global-setup.ts', 'test/real/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxConcurrency: 4,
    testTimeout: 600_000,
    hookTimeout: 1_800_000,
    teardownTimeout: 60_000,
    execArgv: ['--expose-gc'],
  },
});
