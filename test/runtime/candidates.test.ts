import { describe, expect, it } from 'vitest';
import { pythonCandidates } from '../../src/runtime/python/candidates.js';
import { rejection, canInstallFromOutside } from '../../src/runtime/python/find.js';
import type { PythonInfo } from '../../src/runtime/python/probe.js';
import { parseProbe } from '../../src/runtime/python/probe.js';

const info = (over: Partial<PythonInfo>): PythonInfo => ({
  executable: '/usr/bin/python3', realpath: '/usr/bin/python3.11', version: '3.11.7', implementation: 'cpython',
  prefix: '/usr', basePrefix: '/usr', venv: true, ensurepip: true, pip: '23.2.1', ...over,
});

describe('pythonCandidates', () => {
  it('orders explicit choices first, then well-known names, without duplicates', () => {
    const list = pythonCandidates('/opt/py/bin/python3', { POCKET_TTS_PYTHON: 'python3.12', PYTHON: 'python3' });
    expect(list.map((c) => `${c.source}:${c.command}`)).toEqual([
      '--python:/opt/py/bin/python3', 'POCKET_TTS_PYTHON:python3.12', 'PYTHON:python3', 'PATH:python',
      'PATH:python3.14', 'PATH:python3.13', 'PATH:python3.11', 'PATH:python3.10',
    ]);
  });
  it('ignores empty variables', () => {
    expect(pythonCandidates(undefined, { PYTHON: '  ' })[0]).toEqual({ command: 'python3', source: 'PATH' });
  });
});

describe('rejection', () => {
  it.each([
    ['3.11.7 with venv and ensurepip', info({}), undefined],
    ['3.10.0 (lowest)', info({ version: '3.10.0' }), undefined],
    ['3.14.2 (highest)', info({ version: '3.14.2' }), undefined],
    ['3.9.18', info({ version: '3.9.18' }), 'version 3.9.18 is outside'],
    ['3.15.0', info({ version: '3.15.0' }), 'version 3.15.0 is outside'],
    ['2.7.18', info({ version: '2.7.18' }), 'version 2.7.18 is outside'],
    ['pypy', info({ implementation: 'pypy' }), 'pypy is not CPython'],
    ['no venv module', info({ venv: false }), 'venv module is missing'],
    ['no ensurepip but pip 23', info({ ensurepip: false }), undefined],
    ['no ensurepip, old pip', info({ ensurepip: false, pip: '21.0' }), 'neither ensurepip nor pip >= 22.3'],
    ['no ensurepip, no pip', info({ ensurepip: false, pip: null }), 'neither ensurepip nor pip >= 22.3'],
  ])('%s', (_, candidate, expected) => {
    const reason = rejection(candidate, true);
    if (expected === undefined) expect(reason).toBeUndefined();
    else expect(reason).toContain(expected);
  });
  it('does not need the venv module when uv makes the venv', () => {
    expect(rejection(info({ venv: false, ensurepip: false }), false)).toBeUndefined();
  });
  it('knows which pip can install from outside', () => {
    expect(canInstallFromOutside(info({ pip: '22.3' }))).toBe(true);
    expect(canInstallFromOutside(info({ pip: '22.2.2' }))).toBe(false);
  });
});

describe('parseProbe', () => {
  it('takes the last line as the report', () => {
    const outcome = parseProbe(`noise\n${JSON.stringify(info({}))}\n`);
    expect(outcome.ok).toBe(true);
  });
  it('rejects output that is not the report', () => {
    const outcome = parseProbe('Python 3.11.7');
    expect(outcome).toEqual({ ok: false, reason: expect.stringContaining('not the probe') as unknown });
  });
});
