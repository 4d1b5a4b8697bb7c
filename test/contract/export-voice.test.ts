// Contract: `pocket-tts export-voice AUDIO_PATH EXPORT_PATH` and the public Python API for batch export.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeResult, exitedOk, lastLine, run } from './support/run.js';
import { killAll } from './support/processes.js';
import { parseSafetensors, safetensorsViolations } from './support/safetensors.js';
import { toneWav, truncateWav } from './support/wav.js';
import { doubleOnly, hasLocalConfig, isDouble, release, target, timeout } from './target.js';

afterAll(killAll);

describe('export-voice', () => {
  let exported = '';
  beforeAll(async () => {
    const t = target();
    exported = join(t.tmp('export'), 'voice.safetensors');
    const r = await t.cli(['export-voice', t.voiceWav, exported, ...t.modelArgs]);
    expect(exitedOk(r), describeResult(r)).toBe(true);
  }, timeout(60_000));

  it('a WAV becomes a valid .safetensors file (header length, JSON header, offsets within the file)', async () => {
    const file = parseSafetensors(await readFile(exported));
    expect(file.headerLength).toBeGreaterThan(2);
    expect(safetensorsViolations(file)).toEqual([]);
  });

  it('the exported voice state is roughly MB-sized (about 2 MB)', async () => {
    const { size } = await stat(exported);
    expect(size).toBeGreaterThan(256 * 1024);
    expect(size).toBeLessThan(16 * 1024 * 1024);
  });

  it('generate --voice exported.safetensors is accepted', { timeout: timeout(30_000) }, async () => {
    const r = await target().generate([], { voice: ['--voice', exported] });
    expect(exitedOk(r), describeResult(r)).toBe(true);
  });

  it.runIf(doubleOnly.determinism)('generate --voice exported.safetensors gives the same audio as --voice source.wav', async () => {
    const t = target();
    const [fromState, fromWav] = await Promise.all([
      t.generate([], { voice: ['--voice', exported] }),
      t.generate([], { voice: ['--voice', t.voiceWav] }),
    ]);
    expect(exitedOk(fromState)).toBe(true);
    expect(fromState.stdout.equals(fromWav.stdout)).toBe(true);
  });
});

describe.concurrent('export-voice: inputs and flags', () => {
  it('a directory is not accepted: exit 1 (ImportError about soundfile, or a decode error)', { timeout: timeout(30_000) }, async () => {
    const t = target();
    const dir = join(t.tmp('voices-dir'), 'voices');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'a.wav'), toneWav({ seconds: 1 }));
    const out = join(t.tmp('dir-out'), 'out.safetensors');
    const r = await t.cli(['export-voice', dir, out, ...t.modelArgs]);
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(r.stderr).toContain('Traceback (most recent call last):');
    if (isDouble) expect(lastLine(r.stderr)).toMatch(release.v3plus ? /^ImportError: soundfile is required to read non-WAV or non-16-bit WAV audio files/ : /^ImportError: soundfile is required to read non-WAV audio files/);
    else expect(lastLine(r.stderr)).toMatch(/ImportError: soundfile|Error/);
  });

  it('a non-RIFF .wav fails: `wave.Error: file does not start with RIFF id`, exit 1', { timeout: timeout(30_000) }, async () => {
    const t = target();
    const dir = t.tmp('bad-export');
    await writeFile(join(dir, 'bad.wav'), 'plain text, no RIFF here\n'.repeat(10));
    const r = await t.cli(['export-voice', join(dir, 'bad.wav'), join(dir, 'out.safetensors'), ...t.modelArgs]);
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toBe('wave.Error: file does not start with RIFF id');
  });

  it('--language with --config → `ValueError: Cannot specify both config and language…`, exit 1', async () => {
    const t = target();
    const dir = t.tmp('both-export');
    const r = await t.cli(['export-voice', t.voiceWav, join(dir, 'out.safetensors'), '--language', 'english', '--config', t.anyConfigFile]);
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toBe('ValueError: Cannot specify both config and language, please choose one or the other.');
  });

  it('--language L, --config C and -q are accepted', { timeout: timeout(60_000) }, async () => {
    const t = target();
    const dir = t.tmp('flags-export');
    const runs = [];
    if (!t.modelArgs.length) runs.push(t.cli(['export-voice', t.voiceWav, join(dir, 'lang.safetensors'), '--language', 'english', '-q']));
    if (hasLocalConfig) runs.push(t.cli(['export-voice', t.voiceWav, join(dir, 'cfg.safetensors'), '--config', t.config ?? '', '--quiet']));
    for (const r of await Promise.all(runs)) {
      expect(exitedOk(r), describeResult(r)).toBe(true);
      expect(r.stderr).not.toMatch(/^INFO/m);
    }
  });

  it.runIf(doubleOnly.determinism)('only the first 30 s of the audio are encoded', async () => {
    const t = target();
    const dir = t.tmp('first-30s');
    const long = toneWav({ seconds: 35, freq: 180 });
    await writeFile(join(dir, 'long.wav'), long);
    await writeFile(join(dir, 'cut.wav'), truncateWav(long, 30));
    const [a, b] = await Promise.all([
      t.cli(['export-voice', join(dir, 'long.wav'), join(dir, 'long.safetensors')]),
      t.cli(['export-voice', join(dir, 'cut.wav'), join(dir, 'cut.safetensors')]),
    ]);
    expect(exitedOk(a), describeResult(a)).toBe(true);
    expect(exitedOk(b), describeResult(b)).toBe(true);
    const [x, y] = await Promise.all([readFile(join(dir, 'long.safetensors')), readFile(join(dir, 'cut.safetensors'))]);
    expect(x.equals(y)).toBe(true);
  });
});

describe('public Python API for batch export (one model load)', () => {
  it('TTSModel.load_model, get_state_for_audio_prompt(path, truncate=True), export_model_state(state, out) write a voice state', { timeout: timeout(60_000) }, async () => {
    const t = target();
    const dir = t.tmp('api');
    const apiOut = join(dir, 'api.safetensors');
    const cliOut = join(dir, 'cli.safetensors');
    const load = t.config && !isDouble ? `TTSModel.load_model(config=${JSON.stringify(t.config)})` : 'TTSModel.load_model()';
    const code = [
      'import pocket_tts',
      'from pocket_tts import TTSModel, export_model_state',
      `model = ${load}`,
      `state = model.get_state_for_audio_prompt(${JSON.stringify(t.voiceWav)}, truncate=True)`,
      `pocket_tts.export_model_state(state, ${JSON.stringify(apiOut)})`,
    ].join('\n');
    const r = await run(t.python, ['-c', code], { env: t.env(), timeoutMs: timeout(60_000) });
    expect(exitedOk(r), describeResult(r)).toBe(true);
    const bytes = await readFile(apiOut);
    expect(safetensorsViolations(parseSafetensors(bytes))).toEqual([]);
    if (isDouble) {
      const c = await t.cli(['export-voice', t.voiceWav, cliOut]);
      expect(exitedOk(c), describeResult(c)).toBe(true);
      expect(bytes.equals(await readFile(cliOut))).toBe(true);
    }
  });
});
