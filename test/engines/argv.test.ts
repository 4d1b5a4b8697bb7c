import { describe, expect, it } from 'vitest';
import { generateArgs } from '../../src/engines/cli/argv.js';
import { isTtsError } from '../../src/errors/index.js';
import { releaseFor } from '../../src/pocket-tts/index.js';
import { checkRequestForRelease } from '../../src/request/release.js';
import type { ValidatedRequest } from '../../src/request/request.js';

const base: Pick<ValidatedRequest, 'voice' | 'language' | 'config' | 'params'> = { voice: { kind: 'default' }, language: undefined, config: undefined, params: {} };
const IO = ['generate', '--text', '-', '--output-path', '-'];

describe('generateArgs', () => {
  it.each([
    ['defaults: text from stdin, WAV to stdout, nothing else', base, IO],
    ['a catalog voice', { ...base, voice: { kind: 'catalog', name: 'marius' } }, [...IO, '--voice', 'marius']],
    ['a voice file (absolute path)', { ...base, voice: { kind: 'file', path: '/v/x.safetensors', format: 'safetensors' } }, [...IO, '--voice', '/v/x.safetensors']],
    ['a remote voice', { ...base, voice: { kind: 'remote', url: 'hf://kyutai/tts-voices/a.wav' } }, [...IO, '--voice', 'hf://kyutai/tts-voices/a.wav']],
    ['a language', { ...base, language: 'german_24l' }, [...IO, '--language', 'german_24l']],
    ['a config', { ...base, config: '/c/model.yaml' }, [...IO, '--config', '/c/model.yaml']],
    ['every parameter, in table order', {
      ...base,
      params: { quantize: true, maxTokens: 40, framesAfterEos: 3, eosThreshold: -3.5, noiseClamp: 2.5, lsdDecodeSteps: 4, temperature: 0.3 },
    }, [...IO, '--temperature', '0.3', '--lsd-decode-steps', '4', '--noise-clamp', '2.5', '--eos-threshold', '-3.5', '--frames-after-eos', '3', '--max-tokens', '40', '--quantize']],
    ['quantize false adds nothing', { ...base, params: { quantize: false } }, IO],
  ] as const)('%s', (_, request, argv) => {
    expect(generateArgs(request as Pick<ValidatedRequest, 'voice' | 'language' | 'config' | 'params'>, releaseFor('2.1.0'))).toEqual(argv);
  });

  it('never puts the text on the command line', () => {
    expect(generateArgs(base)).not.toContain('hello');
  });

  it.each([
    ['2.1.0', '--lsd-decode-steps'],
    ['3.3.0', '--sampler-decode-steps'],
    ['4.0.1', '--sampler-decode-steps'],
  ])('%s: decode steps go through %s (3.3.0+ print a deprecation line for the old flag)', (version, flag) => {
    expect(generateArgs({ ...base, params: { lsdDecodeSteps: 2 } }, releaseFor(version))).toEqual([...IO, flag, '2']);
  });

  it('4.0.1: plain french is passed as asked', () => {
    expect(generateArgs({ ...base, language: 'french' }, releaseFor('4.0.1'))).toEqual([...IO, '--language', 'french']);
  });
});

describe('checkRequestForRelease (the CLI engine calls it before taking a permit)', () => {
  it.each([
    ['2.1.0', { language: 'french' }, 'INVALID_INPUT', 'only has the 24-layer French model: use "french_24l"'],
    ['2.1.0', { language: 'dutch' }, 'INVALID_INPUT', 'Use one of: english'],
    ['2.1.0', { voice: { kind: 'catalog', name: 'daan' } }, 'INVALID_VOICE', 'Use one of: alba'],
    ['3.3.0', { language: 'english_2026-10' }, 'INVALID_INPUT', 'dutch_24l'],
  ] as const)('%s refuses %j (%s)', (version, over, code, hint) => {
    let error: unknown;
    try {
      checkRequestForRelease({ voice: { kind: 'default' }, language: undefined, ...over }, releaseFor(version));
    } catch (e) {
      error = e;
    }
    expect(isTtsError(error, code)).toBe(true);
    expect(error).toMatchObject({ hint: expect.stringContaining(hint) as unknown });
  });

  it.each(['3.3.0', '4.0.1'])('%s accepts plain french, dutch and daan', (version) => {
    expect(() => checkRequestForRelease({ voice: { kind: 'catalog', name: 'daan' }, language: 'french' }, releaseFor(version))).not.toThrow();
    expect(() => checkRequestForRelease({ voice: { kind: 'default' }, language: 'dutch' }, releaseFor(version))).not.toThrow();
  });
});
