import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { python } from '../../checks/python.js';
import type { ProbeFacts } from '../../src/preflight/facts/probe-schema.js';
import { facts, probeFacts, probeFailed, removeTempDirs, runtime, tempDir } from './support.js';

afterAll(removeTempDirs);

describe('python check', () => {
  let path: string;
  let venv: string;
  beforeAll(async () => {
    path = await tempDir('ptr-python-check-');
    venv = join(path, 'venv');
    await mkdir(venv);
  });
  // Built inside each test: the temp venv only exists once beforeAll has run.
  const own = (version: string, satisfied: boolean | null, requiresPython: string | null) => {
    const base = probeFacts({}, venv);
    const pocketTts = { ...(base.pocketTts as NonNullable<ProbeFacts['pocketTts']>), requiresPython, requiresPythonSatisfied: satisfied };
    return facts({ runtime: runtime({ path }), probe: { ...base, python: { ...base.python, version }, pocketTts } });
  };

  it.each([
    ['3.11.7 in the runtime venv', '3.11.7', true, '>=3.10,<3.15', 'pass', 'Python 3.11.7 ('],
    ['3.9.18 outside the declared range', '3.9.18', false, '>=3.10,<3.15', 'fail', "Python 3.9.18 is outside pocket-tts's range >=3.10,<3.15"],
    ['3.15.0 without metadata falls back to the pinned range', '3.15.0', null, null, 'fail', "Python 3.15.0 is outside pocket-tts's range >=3.10.0 <3.15.0"],
    ['3.14.2 without metadata', '3.14.2', null, null, 'pass', 'Python 3.14.2'],
  ] as const)('%s', async (_, version, satisfied, requiresPython, status, message) => {
    const outcome = await python.run(own(version, satisfied, requiresPython));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toContain(message);
  });

  it("fails when the interpreter is not the runtime's own venv", async () => {
    const outcome = await python.run(facts({ runtime: runtime({ path }), probe: probeFacts({}, '/usr') }));
    expect(outcome).toMatchObject({ status: 'fail', message: `the interpreter runs in /usr, not in the runtime's venv ${venv}` });
  });

  it('warns when torch comes from outside the runtime (PYTHONPATH)', async () => {
    const base = probeFacts({}, venv);
    const probe = { ...base, python: { ...base.python, pythonpath: true }, torch: { ...(base.torch as NonNullable<ProbeFacts['torch']>), file: '/opt/other/torch/__init__.py' } };
    const outcome = await python.run(facts({ runtime: runtime({ path }), probe }));
    expect(outcome).toMatchObject({ status: 'warn', hint: 'unset PYTHONPATH' });
    expect(outcome.message).toContain('(PYTHONPATH is set): /opt/other/torch/__init__.py');
  });

  it('warns that nothing can be probed without a known Python', async () => {
    const outcome = await python.run(facts({ probe: probeFailed('no-python', 'the system runtime\'s Python is not known') }));
    expect(outcome.status).toBe('warn');
  });

  it('fails when the interpreter does not answer', async () => {
    const outcome = await python.run(facts({ probe: probeFailed('failed', 'spawn ENOENT') }));
    expect(outcome).toMatchObject({ status: 'fail', message: "the runtime's Python does not run: spawn ENOENT" });
  });
});
