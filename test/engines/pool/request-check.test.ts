import { describe, expect, it } from 'vitest';
import { isTtsError } from '../../../src/errors/index.js';
import { checkServerRequest } from '../../../src/engines/pool/request-check.js';
import { releaseFor } from '../../../src/pocket-tts/index.js';

const request = (over: Partial<Parameters<typeof checkServerRequest>[0]> = {}): Parameters<typeof checkServerRequest>[0] => ({ language: undefined, config: undefined, params: {}, voice: { kind: 'default' }, ...over });

describe('checkServerRequest: what per-server settings a request may name', () => {
  it.each([
    ['nothing set', request(), {}],
    ['the pool language', request({ language: 'german' }), { language: 'german' }],
    ['english on a default pool', request({ language: 'english' }), {}],
    ['the pool config', request({ config: '/etc/m.yaml' }), { config: '/etc/m.yaml' }],
    ['quantize matching', request({ params: { quantize: true } }), { quantize: true }],
    ['quantize false on a plain pool', request({ params: { quantize: false } }), {}],
    ['upstream default temperature', request({ params: { temperature: 0.7, maxTokens: 50, lsdDecodeSteps: 1, eosThreshold: -4 } }), {}],
  ])('accepts %s', (_name, req, model) => {
    expect(() => checkServerRequest(req, model)).not.toThrow();
  });

  it.each([
    ['another language', request({ language: 'french_24l' }), {}, 'language'],
    ['a language on a config pool', request({ language: 'english' }), { config: '/etc/m.yaml' }, 'language'],
    ['a config on a language pool', request({ config: '/etc/m.yaml' }), {}, 'config'],
    ['another config', request({ config: '/etc/other.yaml' }), { config: '/etc/m.yaml' }, 'config'],
    ['quantize on a plain pool', request({ params: { quantize: true } }), {}, 'quantize'],
    ['quantize off on a quantized pool', request({ params: { quantize: false } }), { quantize: true }, 'quantize'],
    ['a temperature', request({ params: { temperature: 0.3 } }), {}, 'temperature'],
    ['a noise clamp', request({ params: { noiseClamp: 2 } }), {}, 'noiseClamp'],
    ['frames after eos', request({ params: { framesAfterEos: 3 } }), {}, 'framesAfterEos'],
  ])('refuses %s with INVALID_INPUT naming the field and the pool setting', (_name, req, model, field) => {
    let error: unknown;
    try {
      checkServerRequest(req, model);
    } catch (e) {
      error = e;
    }
    expect(isTtsError(error, 'INVALID_INPUT')).toBe(true);
    expect(isTtsError(error) && error.field).toBe(field);
    if (field !== 'temperature' && field !== 'noiseClamp' && field !== 'framesAfterEos') expect(isTtsError(error) && error.shortMessage).toMatch(/pool's model \((language|config) .*quantize (on|off)\)/);
  });

  it.each([
    ['2.1.0', { temperature: 0.7 }, true],
    ['2.1.0', { temperature: 0.3 }, false],
    ['4.0.1', { temperature: 0.3 }, true],
    ['4.0.1', { temperature: 0.7 }, false],
    ['3.3.0', { temperature: 0.3, eosThreshold: -4 }, true],
  ] as const)('per release: %s takes %j as its default: %s', (version, params, accepted) => {
    const run = (): void => checkServerRequest(request({ params }), {}, releaseFor(version));
    if (accepted) expect(run).not.toThrow();
    else expect(run).toThrow(/temperature cannot be set per request in server mode: pocket-tts serve always uses its default \((0\.7|0\.3)\)/);
  });

  it.each([
    ['2.1.0', request({ language: 'french' }), { language: 'french' }, 'language', 'use "french_24l"'],
    ['2.1.0', request({ voice: { kind: 'catalog', name: 'daan' } }), {}, 'voice', 'has no catalog voice "daan"'],
  ] as const)('per release: %s refuses what it lacks (%s)', (version, req, model, field, message) => {
    const error = caught(() => checkServerRequest(req, model, releaseFor(version)));
    expect(error).toMatchObject({ field });
    expect(String((error as Error).message)).toContain(message);
  });

  it('4.0.1 takes plain french and daan', () => {
    expect(() => checkServerRequest(request({ language: 'french', voice: { kind: 'catalog', name: 'daan' } }), { language: 'french' }, releaseFor('4.0.1'))).not.toThrow();
  });
});

function caught(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
