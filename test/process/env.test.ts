import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINE_ENV_OVERRIDES, engineEnv } from '../../src/process/index.js';

describe('engineEnv', () => {
  beforeEach(() => {
    process.env.PTR_TEST_PARENT = 'parent';
    process.env.PYTHONUNBUFFERED = '0';
  });
  afterEach(() => {
    delete process.env.PTR_TEST_PARENT;
    delete process.env.PYTHONUNBUFFERED;
  });

  it.each([
    ['the parent environment comes through', {}, undefined, { PTR_TEST_PARENT: 'parent' }],
    ['the runtime env overrides the parent', { PTR_TEST_PARENT: 'runtime', HF_HOME: '/h' }, undefined, { PTR_TEST_PARENT: 'runtime', HF_HOME: '/h' }],
    ['extra overrides the runtime', { HF_HOME: '/h' }, { HF_HOME: '/x' }, { HF_HOME: '/x' }],
    ['an undefined extra removes a variable', {}, { PTR_TEST_PARENT: undefined }, { PTR_TEST_PARENT: undefined }],
    ['the three overrides win over everything', { NO_COLOR: '0' }, { _TYPER_STANDARD_TRACEBACK: '0' }, { PYTHONUNBUFFERED: '1', _TYPER_STANDARD_TRACEBACK: '1', NO_COLOR: '1' }],
  ] as const)('%s', (_name, runtimeEnv, extra, expected) => {
    const env = engineEnv({ env: runtimeEnv }, extra);
    for (const [key, value] of Object.entries(expected)) expect(env[key], key).toBe(value);
    expect(env).toMatchObject(ENGINE_ENV_OVERRIDES);
    expect(Object.values(env).every((v) => typeof v === 'string')).toBe(true);
  });

  it('mutates none of its inputs', () => {
    const runtimeEnv = Object.freeze({ HF_HOME: '/h' });
    const extra = Object.freeze({ X: '1' });
    const parent = { ...process.env };
    const env = engineEnv({ env: runtimeEnv }, extra);
    env.HF_HOME = 'changed';
    expect(runtimeEnv).toEqual({ HF_HOME: '/h' });
    expect(process.env).toEqual(parent);
    expect(engineEnv({ env: runtimeEnv }).HF_HOME).toBe('/h');
  });
});
