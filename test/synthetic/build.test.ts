// synthetic-cache needs the real pocket-tts (the real tier builds one for real); here: what it refuses,
// and how the marker it leaves is read.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import { buildSyntheticCache, isSyntheticCache, SYNTHETIC_MARKER, SYNTHETIC_NOTICE } from '../../src/synthetic/index.js';
import { runCli } from '../support/cli.js';
import { doubleRuntime, tempDir } from '../support/double-runtime.js';
import { fixtures } from '../support/fixtures.js';

describe('synthetic-cache', () => {
  it('refuses the contract double, which has no weights to build, and writes nothing', async () => {
    const out = join(await tempDir(), 'hub');
    const error = await buildSyntheticCache({ out, runtime: await doubleRuntime() }).catch((e: unknown) => e);
    expect(isTtsError(error, 'RUNTIME_BROKEN')).toBe(true);
    expect(isTtsError(error) && error.shortMessage).toMatch(/contract double, which reads no weights/);
    expect(await isSyntheticCache(out)).toBe(false);
  });

  it('needs the runtime\'s Python', async () => {
    const error = await buildSyntheticCache({ out: await tempDir(), runtime: { ...(await doubleRuntime()), python: null } }).catch((e: unknown) => e);
    expect(isTtsError(error, 'RUNTIME_BROKEN')).toBe(true);
    expect(isTtsError(error) && error.hint).toContain('pocket-tts-runtime provision');
  });

  it('the CLI says the speech is noise before anything else, and reports a refusal as CODE: message', async () => {
    const out = join(await tempDir(), 'hub');
    const result = await runCli(['synthetic-cache', '--out', out, '--executable', fixtures().doubleBin]);
    expect(result.exitCode).toBe(1);
    expect(String(result.stderr).split('\n')[0]).toBe(SYNTHETIC_NOTICE);
    expect(result.stderr).toContain('RUNTIME_BROKEN');
  });

  it('isSyntheticCache reads the marker the builder writes', async () => {
    const hub = await tempDir();
    expect(await isSyntheticCache(hub)).toBe(false);
    await mkdir(hub, { recursive: true });
    await writeFile(join(hub, SYNTHETIC_MARKER), `${SYNTHETIC_NOTICE}\n`);
    expect(await isSyntheticCache(hub)).toBe(true);
  });
});
