import { join } from 'node:path';
import { realpath } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createTts } from '../../src/tts/index.js';
import { exportVoices } from '../../src/voices/index.js';
import { runCli } from '../support/cli.js';
import { doubleRuntime, tempDir } from '../support/double-runtime.js';
import { fixtures } from '../support/fixtures.js';
import { traceLines, voicesProject } from './support.js';

const knobs = { LOAD_MS: '0', ENCODE_MS: '10', FRAME_MS: '1' };

describe('exported voices by name in the runner', () => {
  it('createTts({ voices }) resolves a manifest name to its exported file (outside the voice roots), same audio as the WAV', async () => {
    const project = await voicesProject([{ name: 'narrator', hz: 220 }]);
    const trace = join(project.dir, 'trace.jsonl');
    const runtime = await doubleRuntime({ ...knobs, TRACE_FILE: trace });
    await exportVoices({ manifest: project.manifest, runtime });
    const tts = createTts({ runtime, concurrency: 1, voices: { manifest: project.manifest } });
    const withWav = createTts({ runtime, concurrency: 1, limits: { voiceRoots: [project.dir] } });
    try {
      const [named, wav] = await Promise.all([tts.generate({ text: 'Hello there.', voice: 'narrator' }), withWav.generate({ text: 'Hello there.', voice: join(project.dir, 'audio', 'narrator.wav') })]);
      const exported = await realpath(join(project.out, 'narrator.safetensors'));
      const voices = (await traceLines(trace)).filter((t) => t.command === 'generate').map((t) => t.voice);
      expect(voices).toContainEqual({ kind: 'safetensors', value: exported });
      expect(named.wav.equals(wav.wav)).toBe(true);
    } finally {
      await Promise.all([tts.close(), withWav.close()]);
    }
  });

  it('explicit voices without an index is INVALID_CONFIG; without options a missing default index is fine', async () => {
    const dir = await tempDir('ptr-voices-');
    const runtime = await doubleRuntime(knobs);
    const tts = createTts({ runtime, voices: { dir: join(dir, 'none') } });
    await expect(tts.generate({ text: 'Hi.', voice: 'narrator' })).rejects.toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringContaining('voices export') as string });
    await tts.close();
    const plain = createTts({ runtime });
    await expect(plain.generate({ text: 'Hi.', voice: 'narrator' })).rejects.toMatchObject({ code: 'INVALID_VOICE' });
    await plain.close();
  });

  it('the CLI finds .pocket-tts/voices beside voices.json in the working directory: --voice NAME becomes the file', async () => {
    const project = await voicesProject([{ name: 'narrator', hz: 220 }]);
    const trace = join(project.dir, 'trace.jsonl');
    const env = { POCKET_TTS_DOUBLE_LOAD_MS: '0', POCKET_TTS_DOUBLE_FRAME_MS: '1', POCKET_TTS_DOUBLE_TRACE_FILE: trace };
    const bin = fixtures().doubleBin;
    expect((await runCli(['voices', 'export', '--executable', bin], { env, cwd: project.dir })).exitCode).toBe(0);
    const cli = await runCli(['generate', '--executable', bin, '--text', 'Hello.', '--voice', 'narrator', '--out', join(project.dir, 'out.wav')], { env, cwd: project.dir });
    expect(cli.exitCode, String(cli.stderr)).toBe(0);
    const other = await tempDir('ptr-voices-');
    const viaFlag = await runCli(['generate', '--executable', bin, '--text', 'Hello.', '--voice', 'narrator', '--manifest', project.manifest, '--out', join(other, 'out.wav')], { env, cwd: other });
    expect(viaFlag.exitCode, String(viaFlag.stderr)).toBe(0);
    const generated = (await traceLines(trace)).filter((t) => t.command === 'generate').map((t) => t.voice);
    const exported = await realpath(join(project.out, 'narrator.safetensors'));
    expect(generated).toEqual([{ kind: 'safetensors', value: exported }, { kind: 'safetensors', value: exported }]);
  });
});
