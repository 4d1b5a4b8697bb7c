import { describe, expect, it } from 'vitest';
import { isTtsError } from '../../../src/errors/index.js';
import { checkServerRequest } from '../../../src/engines/pool/request-check.js';

const request = (over: Partial<Parameters<typeof checkServerRequest>[0]> = {}): Parameters<typeof checkServerRequest>[0] => ({ language: undefined, config: undefined, params: {}, ...over });

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
});
