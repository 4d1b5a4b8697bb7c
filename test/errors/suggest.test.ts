import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import { closestMatch, editDistance } from '../../src/errors/suggest.js';
import { resolvePreflightOptions } from '../../src/preflight/options.js';
import { validateRequest } from '../../src/request/request.js';
import { loadProjectConfig } from '../../src/setup/config.js';

describe('closestMatch: the one "did you mean" of the package', () => {
  it.each([
    ['', '', 0],
    ['alba', 'alba', 0],
    ['alba', 'albaa', 1],
    ['narator', 'narrator', 1],
    ['mairus', 'marius', 1], // a transposition counts once
    ['kitten', 'sitting', 3],
  ])('editDistance(%s, %s) = %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('picks the closest candidate, ignoring case, and nothing when every candidate is far', () => {
    expect(closestMatch('narator', ['alba', 'narrator', 'marius'])).toBe('narrator');
    expect(closestMatch('DOUBLE', ['real', 'double'])).toBe('double');
    expect(closestMatch('limts', ['limits', 'mode', 'timeoutMs'])).toBe('limits');
    expect(closestMatch('wokers', ['workers', 'url', 'host'])).toBe('workers');
    expect(closestMatch('zzzzzzzz', ['alba', 'narrator'])).toBeUndefined();
    expect(closestMatch('x', [])).toBeUndefined();
  });
});

describe('every strict schema guesses the key that was meant (one helper, src/errors/zod.ts)', () => {
  it('a request field', async () => {
    const limits = { maxTextLength: 100, controlCharacters: 'strip' as const, voices: { roots: [], allowRemote: false, named: new Map<string, string>() }, defaultTimeoutMs: 1_000 };
    const error = await validateRequest({ text: 'hi', temprature: 0.5 }, limits).then(() => null, (e: unknown) => e);
    expect(isTtsError(error, 'INVALID_INPUT') && error.shortMessage).toBe('unknown option(s): temprature (did you mean "temperature"?)');
  });

  it('a key of the project config file, at its line and column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ptr-suggest-'));
    try {
      const file = join(dir, 'pocket-tts-runtime.config.json');
      await writeFile(file, '{\n  "server": {\n    "wokers": 2\n  }\n}\n');
      const error = await loadProjectConfig(dir).then(() => null, (e: unknown) => e);
      expect(isTtsError(error, 'INVALID_CONFIG') && error.shortMessage).toMatch(/config\.json:3:5: wokers: .* \(did you mean "workers"\?\)$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a preflight option', () => {
    expect(() => resolvePreflightOptions({ ofline: true } as never)).toThrow(/unknown option ofline \(did you mean "offline"\?\)/);
  });
});
