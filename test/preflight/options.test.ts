import { describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import { resolvePreflightOptions, type PreflightOptions } from '../../src/preflight/options.js';

function invalidField(options: unknown): string | undefined {
  try {
    resolvePreflightOptions(options as PreflightOptions);
  } catch (error) {
    if (isTtsError(error, 'INVALID_CONFIG')) return error.field;
    throw error;
  }
  return undefined;
}

describe('preflight options', () => {
  it('applies the defaults', () => {
    const { options, runtime } = resolvePreflightOptions({ home: '/h', env: { HOME: '/u' } });
    expect(options).toMatchObject({ home: '/h', offline: false, strict: false, language: 'english', voices: ['alba'], cloning: false, server: null, quantize: false, minFreeBytes: 1024 ** 3 });
    expect(options.voicesDir).toMatch(/\.pocket-tts\/voices$/);
    expect(runtime).toEqual({ home: '/h', env: { HOME: '/u' } });
  });

  it('defaults the voice to the language\'s own', () => {
    expect(resolvePreflightOptions({ language: 'italian_24l' }).options.voices).toEqual(['giovanni']);
  });

  it.each([
    [{ language: 'klingon' }, 'language'],
    [{ voices: ['alba', 'nobody'] }, 'voices.1'],
    [{ server: { workers: 0, portRange: [8000, 8001] } }, 'server.workers'],
    [{ server: { workers: 1, portRange: [9000, 8000] } }, 'server.portRange'],
    [{ server: { workers: 4, portRange: [8000, 8001] } }, 'server.portRange'],
    [{ server: { workers: 1, portRange: [0, 70000] } }, 'server.portRange.0'],
    [{ minFreeBytes: -1 }, 'minFreeBytes'],
    [{ offline: 'yes' }, 'offline'],
    [{ hme: '/typo' }, 'options'],
  ])('refuses %j naming %s', (options, field) => {
    expect(invalidField(options)).toBe(field);
  });

  it('passes offline only when true, so a recorded HF_HUB_OFFLINE is never masked', () => {
    expect(resolvePreflightOptions({ offline: false, env: {} }).runtime).toEqual({ env: {} });
    expect(resolvePreflightOptions({ offline: true, env: {} }).runtime).toEqual({ env: {}, offline: true });
  });
});
