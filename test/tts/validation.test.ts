import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import type { Runtime } from '../../src/runtime/index.js';
import type { GenerateRequest } from '../../src/request/index.js';
import { createTts } from '../../src/tts/index.js';
import { spawnRecorder, tempDir, writeToneWav } from '../support/double-runtime.js';

// Every request here is invalid: the runtime is a recorder that notes any start, and none may happen.
let dir: string;
let outside: string;
let runtime: Runtime;
let marker: string;

beforeAll(async () => {
  dir = await tempDir('ptr-voices-');
  outside = await tempDir('ptr-outside-');
  ({ runtime, marker } = await spawnRecorder(await tempDir('ptr-recorder-')));
  // Held to 2.1.0's row (a recorder has no dist-info, so it would read as the pin): plain french is refused there.
  runtime = { ...runtime, versions: { ...runtime.versions, pocketTts: '2.1.0' } };
  await writeToneWav(join(dir, 'ok.wav'));
  await writeToneWav(join(outside, 'secret.wav'));
  await symlink(join(outside, 'secret.wav'), join(dir, 'link.wav'));
  await writeFile(join(dir, 'voice.txt'), 'text');
  await mkdir(join(dir, 'folder.wav'));
  await writeFile(join(dir, 'model.yaml'), 'weights_path: x\n');
});

const cases: [string, () => Record<string, unknown>, string, string][] = [
  ['blank text', () => ({ text: '   ' }), 'INVALID_INPUT', 'text'],
  ['text not a string', () => ({ text: 42 }), 'INVALID_INPUT', 'text'],
  ['text over the limit', () => ({ text: 'x'.repeat(101) }), 'INVALID_INPUT', 'text'],
  ['NUL in text', () => ({ text: 'a\u0000b' }), 'INVALID_INPUT', 'text'],
  ['an unknown option', () => ({ text: 'hi', speed: 2 }), 'INVALID_INPUT', 'speed'],
  ['temperature out of range', () => ({ text: 'hi', temperature: -1 }), 'INVALID_INPUT', 'temperature'],
  ['lsdDecodeSteps not an integer', () => ({ text: 'hi', lsdDecodeSteps: 1.5 }), 'INVALID_INPUT', 'lsdDecodeSteps'],
  ['maxTokens zero', () => ({ text: 'hi', maxTokens: 0 }), 'INVALID_INPUT', 'maxTokens'],
  ['noiseClamp zero', () => ({ text: 'hi', noiseClamp: 0 }), 'INVALID_INPUT', 'noiseClamp'],
  ['quantize not a boolean', () => ({ text: 'hi', quantize: 'yes' }), 'INVALID_INPUT', 'quantize'],
  ['timeoutMs negative', () => ({ text: 'hi', timeoutMs: -5 }), 'INVALID_INPUT', 'timeoutMs'],
  ['language and config together', () => ({ text: 'hi', language: 'english', config: join(dir, 'model.yaml') }), 'INVALID_INPUT', 'config'],
  ['plain french', () => ({ text: 'hi', language: 'french' }), 'INVALID_INPUT', 'language'],
  ['an unknown language', () => ({ text: 'hi', language: 'klingon' }), 'INVALID_INPUT', 'language'],
  ['a missing config file', () => ({ text: 'hi', config: join(dir, 'none.yaml') }), 'INVALID_INPUT', 'config'],
  ['a voice that is no name and no file', () => ({ text: 'hi', voice: 'nobody' }), 'INVALID_VOICE', 'voice'],
  ['a voice file that does not exist', () => ({ text: 'hi', voice: join(dir, 'missing.wav') }), 'INVALID_VOICE', 'voice'],
  ['an unsupported extension', () => ({ text: 'hi', voice: join(dir, 'voice.txt') }), 'INVALID_VOICE', 'voice'],
  ['a folder', () => ({ text: 'hi', voice: join(dir, 'folder.wav') }), 'INVALID_VOICE', 'voice'],
  ['path traversal out of the roots', () => ({ text: 'hi', voice: join(dir, '..', outside.split('/').pop() ?? '', 'secret.wav') }), 'INVALID_VOICE', 'voice'],
  ['a symlink out of the roots', () => ({ text: 'hi', voice: join(dir, 'link.wav') }), 'INVALID_VOICE', 'voice'],
  ['a remote URL while remote voices are off', () => ({ text: 'hi', voice: 'https://example.com/v.wav' }), 'INVALID_VOICE', 'voice'],
  ['an hf:// URL while remote voices are off', () => ({ text: 'hi', voice: 'hf://kyutai/tts-voices/a.wav' }), 'INVALID_VOICE', 'voice'],
  ['a catalog voice with a config', () => ({ text: 'hi', voice: 'alba', config: join(dir, 'model.yaml') }), 'INVALID_VOICE', 'voice'],
];

describe('request validation: refused before any process starts', () => {
  it.each(cases)('%s', async (_, make, code, field) => {
    const tts = createTts({ runtime, limits: { maxTextLength: 100, voiceRoots: [dir] } });
    const error = await tts.generate(make() as unknown as GenerateRequest).then(() => null, (e: unknown) => e);
    const streamError = await new Promise((resolve) => tts.stream(make() as unknown as GenerateRequest).once('error', resolve));
    await tts.close();
    expect(isTtsError(error, code as never), String(error)).toBe(true);
    expect(isTtsError(error) && error.field).toBe(field);
    expect(isTtsError(streamError, code as never)).toBe(true);
    await expect(readFile(marker)).rejects.toThrow();
  });

  it('a valid voice inside the roots passes validation (and only then starts a process)', async () => {
    const tts = createTts({ runtime, limits: { voiceRoots: [dir] } });
    const error = await tts.generate({ text: 'hi', voice: join(dir, 'ok.wav') }).then(() => null, (e: unknown) => e);
    await tts.close();
    expect(isTtsError(error, 'PROCESS_FAILED')).toBe(true);
    expect(await readFile(marker, 'utf8')).toContain('generate --text - --output-path - --voice');
  });
});
