import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import { provision } from '../../src/runtime/index.js';
import { fixtures } from '../support/fixtures.js';

describe('venv mode with --installer uv', () => {
  it('without uv on PATH: EXECUTABLE_NOT_FOUND naming the installer, not a plain Error', async () => {
    const home = await mkdtemp(join(tmpdir(), 'ptr-home-'));
    const error = await provision({ home, installer: 'uv', python: fixtures().python, wheelhouse: fixtures().wheelhouse, env: { PATH: '/nonexistent' } }).catch((e: unknown) => e);
    expect(isTtsError(error, 'EXECUTABLE_NOT_FOUND')).toBe(true);
    expect(error).toMatchObject({ field: 'installer', shortMessage: 'installer uv was requested but uv is not on PATH' });
    expect((error as Error).message).toContain('--installer pip');
  });
});
