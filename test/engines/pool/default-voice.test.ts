import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isTtsError } from '../../../src/errors/index.js';
import { serveArgs } from '../../../src/engines/pool/index.js';
import { checkDefaultVoice, defaultVoiceFields } from '../../../src/engines/pool/fleet/default-voice.js';
import { supportedRelease, type PocketTtsRelease } from '../../../src/pocket-tts/index.js';
import type { Runtime } from '../../../src/runtime/index.js';
import type { TtsOptions } from '../../../src/tts/index.js';
import { writeTinyConfig } from '../../contract/target.js';
import { tempDir } from '../../support/double-runtime.js';
import { fixtures } from '../../support/fixtures.js';
import { descendantsOf } from '../../support/processes.js';
import { failure, serverTts, sidecarRuntime } from './support.js';

/** A whole WAV: RIFF, and both sizes match the bytes. */
function isWav(wav: Buffer): boolean {
  return wav.subarray(0, 4).toString('latin1') === 'RIFF' && wav.readUInt32LE(4) === wav.length - 8 && wav.readUInt32LE(40) === wav.length - 44 && wav.length > 44;
}

/** Starts a pool, speaks `text` with no voice named, closes it: whether the audio was a whole WAV. */
async function speaks(runtime: Runtime, server: NonNullable<TtsOptions['server']>, text: string): Promise<boolean> {
  const { tts } = await serverTts({ runtime, server });
  try {
    return isWav((await tts.generate({ text })).wav);
  } finally {
    await tts.close();
  }
}

const row = (version: string): PocketTtsRelease => supportedRelease(version) as PocketTtsRelease;

interface TraceLine {
  command: string;
  argv: string[];
  voice?: { kind: string; value: string } | null;
}

async function traceOf(file: string): Promise<TraceLine[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as TraceLine);
}

/** The double imitating `version`, and a runtime that says so (as a real install's dist-info would). */
async function doubleAt(version: string, knobs: Record<string, string>): Promise<Runtime> {
  const runtime = await sidecarRuntime({ VERSION: version, ...knobs });
  return { ...runtime, versions: { ...runtime.versions, pocketTts: `${version}+double` } };
}

describe('serveArgs follows the release row', () => {
  it.each([
    ['2.1.0', { defaultVoice: 'marius' }, ['serve', '--host', '127.0.0.1', '--port', '9000']],
    ['3.3.0', { defaultVoice: 'marius' }, ['serve', '--host', '127.0.0.1', '--port', '9000', '--default-voice', 'marius']],
    ['4.0.1', { language: 'french', defaultVoice: '/v/me.safetensors' }, ['serve', '--host', '127.0.0.1', '--port', '9000', '--language', 'french', '--default-voice', '/v/me.safetensors']],
    ['4.0.1', {}, ['serve', '--host', '127.0.0.1', '--port', '9000']],
  ])('%s %j', (version, model, argv) => {
    expect(serveArgs('127.0.0.1', 9000, model, row(version))).toEqual(argv);
  });
});

describe('defaultVoiceFields: how a request without a voice reaches each release', () => {
  it.each([
    // 2.1.0 resolves it per request, guessing from the config file's PATH: the language's default is named.
    ['2.1.0', {}, { voiceUrl: 'alba' }],
    ['2.1.0', { language: 'german_24l' }, { voiceUrl: 'juergen' }],
    ['2.1.0', { defaultVoice: 'marius' }, { voiceUrl: 'marius' }],
    ['2.1.0', { config: '/m.yaml' }, {}],
    // 3.3.0 on loaded it at start (--default-voice, else the language's).
    ['3.3.0', { defaultVoice: 'marius' }, {}],
    ['4.0.1', {}, {}],
  ])('%s %j', async (version, model, fields) => {
    expect(await defaultVoiceFields(model, row(version))).toEqual(fields);
  });

  it('2.1.0 uploads an exported default voice with each request, as voice.safetensors', async () => {
    const dir = await tempDir();
    const file = join(dir, 'me.safetensors');
    await writeFile(file, 'state');
    expect(await defaultVoiceFields({ defaultVoice: file }, row('2.1.0'))).toEqual({ voiceWav: { filename: 'voice.safetensors', content: Buffer.from('state') } });
  });
});

describe('checkDefaultVoice: INVALID_CONFIG before anything starts', () => {
  it.each([
    ['a catalog name the release lacks (daan before 3.3.0)', { defaultVoice: 'daan' }, '2.1.0', /has no catalog voice "daan"/],
    ['a missing voice file', { defaultVoice: '/nowhere/me.safetensors' }, '4.0.1', /not a readable voice state file/],
    ['a catalog name with a custom config', { config: '/m.yaml', defaultVoice: 'alba' }, '4.0.1', /only for its built-in languages/],
  ])('%s', async (_, model, version, message) => {
    const error = await failure(checkDefaultVoice(model, row(version)));
    expect(isTtsError(error, 'INVALID_CONFIG')).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('accepts daan from 3.3.0 on, and no default voice at all', async () => {
    await expect(checkDefaultVoice({ defaultVoice: 'daan' }, row('3.3.0'))).resolves.toBeUndefined();
    await expect(checkDefaultVoice({}, row('2.1.0'))).resolves.toBeUndefined();
  });
});

describe('a pool with a default voice, on the double imitating each release', () => {
  let dir: string;
  let exported: string;

  beforeAll(async () => {
    dir = await tempDir('ptr-default-voice-');
    exported = join(dir, 'me.safetensors');
    await execa(fixtures().doubleBin, ['export-voice', 'marius', exported, '-q'], { env: { ...process.env, POCKET_TTS_DOUBLE_LOAD_MS: '0' } });
  });

  afterEach(async () => {
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  it.each(['2.1.0', '4.0.1'])('%s: a request without a voice speaks the pool\'s default voice (marius), sent the release\'s way', async (version) => {
    const trace = join(dir, `trace-${version}.jsonl`);
    const { tts } = await serverTts({ runtime: await doubleAt(version, { TRACE_FILE: trace }), server: { workers: 1, defaultVoice: 'marius' } });
    try {
      const result = await tts.generate({ text: 'No voice named.' });
      expect(isWav(result.wav)).toBe(true);
    } finally {
      await tts.close();
    }
    const lines = await traceOf(trace);
    const serve = lines.find((l) => l.command === 'serve');
    expect(serve?.argv.includes('--default-voice')).toBe(version !== '2.1.0');
    expect(lines.filter((l) => l.command === 'tts').at(-1)?.voice).toEqual({ kind: 'catalog', value: 'marius' });
  });

  it.each(['2.1.0', '4.0.1'])('%s: an exported .safetensors default voice works too', async (version) => {
    expect(await speaks(await doubleAt(version, {}), { workers: 1, defaultVoice: exported }, 'From the exported state.')).toBe(true);
  });

  it('4.0.1 with a custom config and no default voice: the start fails (its own default is a Hub audio prompt), and the hint says what to set', async () => {
    const configDir = join(dir, 'config');
    await mkdir(configDir, { recursive: true });
    const config = writeTinyConfig(configDir);
    // Offline: the Hub's audio prompt is not in the cache (online, upstream would download it and clone it).
    const online = await doubleAt('4.0.1', {});
    const runtime = { ...online, env: { ...online.env, HF_HUB_OFFLINE: '1' } };
    const error = await failure(serverTts({ runtime, server: { workers: 1, config, maxStartFailures: 1 } }));
    expect(isTtsError(error, 'SERVER_START_FAILED'), String(error)).toBe(true);
    expect((error as { hint?: string }).hint).toMatch(/server\.defaultVoice/);
    // Given an exported voice, the same pool starts and speaks.
    expect(await speaks(runtime, { workers: 1, config, defaultVoice: exported }, 'A custom model.')).toBe(true);
  });

  it('a catalog name the release lacks is INVALID_CONFIG before any sidecar starts', async () => {
    const trace = join(dir, 'trace-bad.jsonl');
    const error = await failure(serverTts({ runtime: await doubleAt('2.1.0', { TRACE_FILE: trace }), server: { workers: 1, defaultVoice: 'daan' } }));
    expect(isTtsError(error, 'INVALID_CONFIG'), String(error)).toBe(true);
    expect((await traceOf(trace)).filter((l) => l.command === 'serve')).toEqual([]);
  });
});
