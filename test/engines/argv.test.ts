import { describe, expect, it } from 'vitest';
import { generateArgs } from '../../src/engines/cli/argv.js';
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
    expect(generateArgs(request as Pick<ValidatedRequest, 'voice' | 'language' | 'config' | 'params'>)).toEqual(argv);
  });

  it('never puts the text on the command line', () => {
    expect(generateArgs(base)).not.toContain('hello');
  });
});
