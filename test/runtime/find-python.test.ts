import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import { findPython } from '../../src/runtime/python/find.js';

// Tiny fake interpreters: each prints a canned probe report (or fails), whatever script it is given.
async function fakePythons(specs: Record<string, { version?: string; exit?: number; stderr?: string; venv?: boolean; ensurepip?: boolean; pip?: string | null }>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ptr-py-'));
  const bin = join(dir, 'bin');
  await mkdir(bin);
  for (const [name, spec] of Object.entries(specs)) {
    const report = JSON.stringify({
      executable: join(bin, name), realpath: join(bin, name), version: spec.version ?? '3.11.7', implementation: 'cpython',
      prefix: dir, basePrefix: dir, venv: spec.venv ?? true, ensurepip: spec.ensurepip ?? true, pip: spec.pip === undefined ? '23.2.1' : spec.pip,
    });
    const body = spec.exit !== undefined ? `echo '${spec.stderr ?? 'boom'}' >&2; exit ${spec.exit}` : `echo '${report}'`;
    await writeFile(join(bin, name), `#!/bin/sh\n${body}\n`);
    await chmod(join(bin, name), 0o755);
  }
  return bin;
}

describe('findPython', () => {
  it('takes the first candidate that fits and logs the ones before it', async () => {
    const bin = await fakePythons({ python3: { version: '3.8.10' }, python: { exit: 127, stderr: 'pyenv: python: command not found' }, 'python3.12': { version: '3.12.1' } });
    const found = await findPython({ env: { PATH: bin }, needsVenvModule: true });
    expect(found.path).toBe(join(bin, 'python3.12'));
    expect(found.log.map((c) => [c.command, c.accepted, c.reason ?? ''])).toEqual([
      ['python3', false, expect.stringContaining('version 3.8.10 is outside') as unknown],
      ['python', false, 'exited with code 127: pyenv: python: command not found'],
      ['python3.14', false, 'not found on PATH'],
      ['python3.13', false, 'not found on PATH'],
      ['python3.12', true, ''],
    ]);
  });

  it('prefers --python, then POCKET_TTS_PYTHON, then PYTHON', async () => {
    const bin = await fakePythons({ a: {}, b: {}, c: {}, python3: {} });
    const env = { PATH: bin, POCKET_TTS_PYTHON: join(bin, 'b'), PYTHON: 'c' };
    expect((await findPython({ python: join(bin, 'a'), env, needsVenvModule: true })).path).toBe(join(bin, 'a'));
    expect((await findPython({ env, needsVenvModule: true })).path).toBe(join(bin, 'b'));
    expect((await findPython({ env: { PATH: bin, PYTHON: 'c' }, needsVenvModule: true })).path).toBe(join(bin, 'c'));
  });

  it('with no usable Python, fails with PYTHON_NOT_FOUND listing every candidate and its reason', async () => {
    const bin = await fakePythons({ python3: { version: '3.9.18' }, python: { version: '2.7.18' }, 'python3.10': { venv: false }, 'python3.11': { ensurepip: false, pip: null } });
    const error = await findPython({ python: '/nope/python', env: { PATH: bin }, needsVenvModule: true }).catch((e: unknown) => e);
    expect(isTtsError(error, 'PYTHON_NOT_FOUND')).toBe(true);
    if (!isTtsError(error)) return;
    const candidates = error.details.candidates as { command: string; reason: string }[];
    expect(candidates.map((c) => c.command)).toEqual(['/nope/python', 'python3', 'python', 'python3.14', 'python3.13', 'python3.12', 'python3.11', 'python3.10']);
    for (const text of ['/nope/python (--python): no executable file there', 'version 3.9.18 is outside', 'version 2.7.18 is outside', 'python3.13 (PATH): not found on PATH', 'ensurepip nor pip', 'venv module is missing']) {
      expect(error.message).toContain(text);
    }
    expect(error.hint).toContain('--python');
  });

  it('probes the real interpreter of this machine', async () => {
    const found = await findPython({ env: process.env, needsVenvModule: true });
    expect(found.info.version).toMatch(/^3\.1\d\./);
    expect(found.info.venv).toBe(true);
  });
});
