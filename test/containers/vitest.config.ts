// The container tier (`npm run test:containers`): builds the recipes in docker/ with podman and runs them.
// One worker, files in name order, modules shared between files (isolate: false), so the images each file
// needs are built once per run, in a fixed order, with one pass/fail line per check.
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

class ByName extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return Promise.resolve([...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId)));
  }
}

export default defineConfig({
  test: {
    root: join(import.meta.dirname, '..', '..'),
    include: ['test/containers/**/*.test.ts'],
    globalSetup: ['test/containers/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    isolate: false,
    sequence: { sequencer: ByName },
    reporters: ['verbose'],
    // Hang guards, not performance checks: cold builds download packages and several helpers share the cores.
    testTimeout: 900_000,
    hookTimeout: 900_000,
    teardownTimeout: 120_000,
  },
});
