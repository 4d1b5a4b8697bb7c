// Contract: `pocket-tts generate` — its flag table, text input, output, logs and error messages.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeResult, exitedOk, hasBoxDrawing, lastLine, lines, run, type RunResult } from './support/run.js';
import { readTrace, type TraceEntry } from './support/trace.js';
import { streamViolations } from './support/wav.js';
import { killAll } from './support/processes.js';
import { SHORT_TEXT, doubleOnly, hasLanguageModels, hasLocalConfig, isDouble, release, target, timeout } from './target.js';

afterAll(killAll);

/** Exit 0 and a complete, conforming WAV stream on stdout. */
function expectStream(r: RunResult): void {
  expect(exitedOk(r), describeResult(r)).toBe(true);
  expect(streamViolations(r.stdout)).toEqual([]);
}

/** Against the double, the one trace entry of a generate run (undefined against a real install). */
async function traced(file: string): Promise<TraceEntry | undefined> {
  if (!isDouble) return undefined;
  const entries = (await readTrace(file)).filter((e) => e.command === 'generate');
  expect(entries).toHaveLength(1);
  return entries[0];
}

/** Runs generate with ARGS (plus a trace file against the double) and checks the stream; returns the trace. */
async function generateOk(args: string[], options: { voice?: string[]; model?: string[]; text?: string } = {}): Promise<TraceEntry | undefined> {
  const t = target();
  const trace = t.traceFile();
  const r = await t.generate(args, { ...options, env: { POCKET_TTS_DOUBLE_TRACE_FILE: trace } });
  expectStream(r);
  return traced(trace);
}

const BUILT_IN_LANGUAGES = [
  'english', 'english_2026-01', 'english_2026-04', 'french_24l', 'german', 'german_24l',
  'portuguese', 'portuguese_24l', 'italian', 'italian_24l', 'spanish', 'spanish_24l',
];

const DEFAULT_VOICES: [string, string][] = [
  ['english', 'alba'], ['french_24l', 'estelle'], ['german', 'juergen'], ['portuguese', 'rafael'], ['italian', 'giovanni'], ['spanish', 'lola'],
];

describe.concurrent('generate: the flag table', () => {
  it('--text TEXT (str) is spoken', { timeout: timeout(30_000) }, async () => {
    const t = target();
    const trace = t.traceFile();
    const argv = ['generate', ...t.modelArgs, ...t.voiceArgs, '--text', SHORT_TEXT, '--output-path', '-'];
    const r = await t.cli(argv, { env: { POCKET_TTS_DOUBLE_TRACE_FILE: trace } });
    expectStream(r);
    const e = await traced(trace);
    if (e) expect(e.text_chars).toBe(SHORT_TEXT.length);
  });

  it('--text - reads all of stdin (several lines)', { timeout: timeout(30_000) }, async () => {
    const t = target();
    const text = 'First line of the text.\nSecond line, still read.\nThird and last line.';
    const trace = t.traceFile();
    const r = await t.generate([], { text, env: { POCKET_TTS_DOUBLE_TRACE_FILE: trace } });
    expectStream(r);
    const e = await traced(trace);
    if (e) expect(e.text_chars).toBe(text.length);
    if (isDouble) {
      // Same text given with --text: same audio (the whole of stdin was used).
      const direct = await t.cli(['generate', ...t.modelArgs, ...t.voiceArgs, '--text', text, '--output-path', '-']);
      expect(direct.stdout.equals(r.stdout)).toBe(true);
    }
  });

  it('omitting --text speaks a built-in sentence', { timeout: timeout(30_000) }, async () => {
    const t = target();
    const trace = t.traceFile();
    const r = await t.cli(['generate', ...t.modelArgs, ...t.voiceArgs, '--output-path', '-'], { env: { POCKET_TTS_DOUBLE_TRACE_FILE: trace } });
    expectStream(r);
    const e = await traced(trace);
    if (e) expect(e.text_chars).toBeGreaterThan(10);
  });

  it.runIf(hasLanguageModels)('--voice accepts a catalog name (marius)', { timeout: timeout(30_000) }, async () => {
    const e = await generateOk([], { model: [], voice: ['--voice', 'marius'] });
    if (e) expect(e.voice).toEqual({ kind: 'catalog', value: 'marius' });
  });

  it('--voice accepts a local .wav path', { timeout: timeout(30_000) }, async () => {
    const t = target();
    const e = await generateOk([], { voice: ['--voice', t.voiceWav] });
    if (e) expect(e.voice?.value).toBe(t.voiceWav);
  });

  it.runIf(doubleOnly.trace).each(DEFAULT_VOICES)('--voice defaults to the language\'s voice: %s → %s', async (language, voice) => {
    const e = await generateOk(['--language', language], { model: [], voice: [] });
    expect(e?.voice).toEqual({ kind: 'catalog', value: voice });
  });

  it.runIf(hasLanguageModels).each(isDouble ? BUILT_IN_LANGUAGES : ['english'])('--language %s is a built-in language', { timeout: timeout(30_000) }, async (language) => {
    const e = await generateOk(['--language', language], { model: [], voice: [] });
    if (e) expect(e.params.language).toBe(language);
  });

  it.runIf(hasLocalConfig)('--config PATH loads a local YAML config (with a WAV voice)', { timeout: timeout(30_000) }, async () => {
    const t = target();
    const config = t.config ?? '';
    const e = await generateOk([], { model: ['--config', config], voice: ['--voice', t.voiceWav] });
    if (e) expect(e.params.config).toBe(config);
  });

  it('--lsd-decode-steps 2 (int) is accepted', { timeout: timeout(30_000) }, async () => {
    const e = await generateOk(['--lsd-decode-steps', '2']);
    if (e) expect(e.params.lsd_decode_steps).toBe(2);
  });

  it.runIf(release.v3plus)('3.3.0+: --sampler-decode-steps 2 is accepted; --lsd-decode-steps is too, after the bare line "--lsd-decode-steps is deprecated, use --sampler-decode-steps"', { timeout: timeout(60_000) }, async () => {
    await generateOk(['--sampler-decode-steps', '2']);
    const r = await target().generate(['--lsd-decode-steps', '2']);
    expectStream(r);
    expect(r.stderr.split('\n')).toContain('--lsd-decode-steps is deprecated, use --sampler-decode-steps');
  });

  it.runIf(release.v2)('2.1.0: --sampler-decode-steps is a usage error (exit 2)', async () => {
    const r = await target().generate(['--sampler-decode-steps', '2']);
    expect(r.exitCode, describeResult(r)).toBe(2);
    expect(r.stderr).toContain('No such option: --sampler-decode-steps');
  });

  it('--temperature 0.5 (float) is accepted', { timeout: timeout(30_000) }, async () => {
    const e = await generateOk(['--temperature', '0.5']);
    if (e) expect(e.params.temperature).toBe(0.5);
  });

  it('--noise-clamp 2.5 (float) is accepted', { timeout: timeout(30_000) }, async () => {
    const e = await generateOk(['--noise-clamp', '2.5']);
    if (e) expect(e.params.noise_clamp).toBe(2.5);
  });

  it('--eos-threshold -3.5 (float) is accepted', { timeout: timeout(30_000) }, async () => {
    const e = await generateOk(['--eos-threshold', '-3.5']);
    if (e) expect(e.params.eos_threshold).toBe(-3.5);
  });

  it('--frames-after-eos 3 (int) is accepted', { timeout: timeout(30_000) }, async () => {
    const e = await generateOk(['--frames-after-eos', '3']);
    if (e) expect(e.params.frames_after_eos).toBe(3);
  });

  it('--max-tokens 20 (int) is accepted', { timeout: timeout(30_000) }, async () => {
    const e = await generateOk(['--max-tokens', '20']);
    if (e) expect(e.params.max_tokens).toBe(20);
  });

  it('--device cpu (str) is accepted', { timeout: timeout(30_000) }, async () => {
    const e = await generateOk(['--device', 'cpu']);
    if (e) expect(e.params.device).toBe('cpu');
  });

  it('--quantize (bool flag) is accepted', { timeout: timeout(30_000) }, async () => {
    const e = await generateOk(['--quantize']);
    if (e) expect(e.params.quantize).toBe(true);
  });

  it.each(['-q', '--quiet'])('%s (bool flag) leaves no INFO lines on stderr', { timeout: timeout(30_000) }, async (flag) => {
    const t = target();
    const trace = t.traceFile();
    const r = await t.generate([flag], { env: { POCKET_TTS_DOUBLE_TRACE_FILE: trace } });
    expectStream(r);
    expect(lines(r.stderr).filter((l) => l.startsWith('INFO'))).toEqual([]);
    const e = await traced(trace);
    if (e) expect(e.params.quiet).toBe(true);
  });

  it.runIf(doubleOnly.trace)('defaults: decode steps 1, temperature 0.7 (3.3.0+: none, the config\'s 0.3), eos -4.0, max-tokens 50, device cpu, no quantize, not quiet (double trace)', async () => {
    const e = await generateOk([], { model: [], voice: [] });
    expect(e?.params).toMatchObject({
      ...(release.v3plus ? { sampler_decode_steps: 1, lsd_decode_steps: null, temperature: null } : { lsd_decode_steps: 1, temperature: 0.7 }),
      eos_threshold: -4, max_tokens: 50, device: 'cpu', quantize: false, quiet: false,
    });
    expect(e?.params.noise_clamp ?? null).toBeNull();
    expect(e?.params.frames_after_eos ?? null).toBeNull();
  });

  it('--temperature abc (not a float) exits 2 with a boxed usage error', async () => {
    const r = await target().generate(['--temperature', 'abc']);
    expect(r.exitCode, describeResult(r)).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toContain('--temperature');
    expect(hasBoxDrawing(r.stderr)).toBe(true);
  });

  it('--lsd-decode-steps 1.5 (not an int) exits 2 with a boxed usage error', async () => {
    const r = await target().generate(['--lsd-decode-steps', '1.5']);
    expect(r.exitCode, describeResult(r)).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toContain('--lsd-decode-steps');
    expect(hasBoxDrawing(r.stderr)).toBe(true);
  });

  it('an unknown flag exits 2 with a boxed "No such option: --x"', async () => {
    const r = await target().generate(['--x']);
    expect(r.exitCode, describeResult(r)).toBe(2);
    expect(r.stderr).toContain('No such option: --x');
    expect(hasBoxDrawing(r.stderr)).toBe(true);
  });
});

describe.concurrent('generate: output', () => {
  it('--output-path - writes only WAV bytes to stdout', { timeout: timeout(30_000) }, async () => {
    const r = await target().generate([]);
    expectStream(r);
    expect(r.stdout.subarray(0, 4).toString('latin1')).toBe('RIFF');
  });

  it('--output-path FILE writes the same stream to the file, nothing to stdout (2.1.0: placeholder sizes; 3.3.0+: real sizes)', { timeout: timeout(30_000) }, async () => {
    const t = target();
    const file = join(t.tmp('out'), 'speech.wav');
    const r = await t.generate([], { output: file });
    expect(exitedOk(r), describeResult(r)).toBe(true);
    expect(r.stdout.length).toBe(0);
    const bytes = await readFile(file);
    expect(streamViolations(bytes, { sizes: release.v3plus ? 'real' : 'placeholder' })).toEqual([]);
    const sizes = [bytes.readUInt32LE(4), bytes.readUInt32LE(40)];
    expect(sizes).toEqual(release.v3plus ? [bytes.length - 8, bytes.length - 44] : [2_000_000_036, 2_000_000_000]);
    if (isDouble) {
      const piped = await t.generate([]);
      expect(bytes.subarray(44).equals(piped.stdout.subarray(44))).toBe(true);
    }
  });

  it('--output-path defaults to ./tts_output.wav', { timeout: timeout(30_000) }, async () => {
    const t = target();
    const cwd = t.tmp('default-out');
    const r = await t.generate([], { output: null, cwd });
    expect(exitedOk(r), describeResult(r)).toBe(true);
    const file = join(cwd, 'tts_output.wav');
    expect(existsSync(file)).toBe(true);
    expect(streamViolations(await readFile(file), { sizes: release.v3plus ? 'real' : 'placeholder' })).toEqual([]);
  });

  it('logs go to stderr only, each line as `LEVEL: message`', { timeout: timeout(30_000) }, async () => {
    const r = await target().generate([]);
    expectStream(r);
    const logLines = lines(r.stderr);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((l) => !/^(DEBUG|INFO|WARNING|ERROR|CRITICAL): \S/.test(l))).toEqual([]);
    expect(logLines).toContainEqual(expect.stringMatching(/^INFO: Generated: \d+ ms of audio in \d+ ms so [\d.]+x faster than real-time$/));
  });
});

describe.concurrent('generate: error messages', () => {
  it('blank text (empty stdin) → `ERROR: No input received from stdin.`, exit 1, no stdout bytes', async () => {
    const r = await target().generate([], { text: '' });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toBe('ERROR: No input received from stdin.');
    expect(r.stdout.length).toBe(0);
  });

  it('whitespace-only text → `ERROR: No input received from stdin.`, exit 1, no stdout bytes', async () => {
    const r = await target().generate([], { text: '  \n\t  \n' });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toBe('ERROR: No input received from stdin.');
    expect(r.stdout.length).toBe(0);
  });

  it('whitespace-only --text (not stdin) → `ERROR: No input received from stdin.`, exit 1, no stdout bytes', async () => {
    const t = target();
    const r = await t.cli(['generate', ...t.modelArgs, ...t.voiceArgs, '--text', '   ', '--output-path', '-']);
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toBe('ERROR: No input received from stdin.');
    expect(r.stdout.length).toBe(0);
  });

  it('voice file missing → `FileNotFoundError: [Errno 2] No such file or directory: \'<path>\'`, exit 1', { timeout: timeout(30_000) }, async () => {
    const t = target();
    const missing = join(t.tmp('missing'), 'nobody.wav');
    const r = await t.generate([], { voice: ['--voice', missing] });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toBe(`FileNotFoundError: [Errno 2] No such file or directory: '${missing}'`);
  });

  it('voice not a WAV (no RIFF) → `wave.Error: file does not start with RIFF id`, exit 1', { timeout: timeout(30_000) }, async () => {
    const t = target();
    const bad = join(t.tmp('bad'), 'bad.wav');
    await writeFile(bad, 'this is not audio at all, just some text bytes\n'.repeat(20));
    const r = await t.generate([], { voice: ['--voice', bad] });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toBe('wave.Error: file does not start with RIFF id');
  });

  it('non-WAV voice without soundfile → `ImportError: soundfile is required to read non-WAV audio files…` (3.3.0+: `non-WAV or non-16-bit WAV`), exit 1', { timeout: timeout(30_000) }, async () => {
    const t = target();
    if (!isDouble) {
      const probe = await run(t.python, ['-c', 'import soundfile'], { env: t.env() });
      if (probe.exitCode === 0) return; // the `audio` extra is installed on this real target: nothing to check
    }
    const mp3 = join(t.tmp('mp3'), 'voice.mp3');
    await writeFile(mp3, Buffer.from('ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0000not really an mp3', 'latin1'));
    const r = await t.generate([], { voice: ['--voice', mp3] });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toMatch(release.v3plus ? /^ImportError: soundfile is required to read non-WAV or non-16-bit WAV audio files/ : /^ImportError: soundfile is required to read non-WAV audio files/);
  });

  it.runIf(hasLocalConfig)('catalog voice with --config → `ValueError: Cannot use predefined voices when the model is not loaded from a config associated with a language.…`, exit 1', { timeout: timeout(30_000) }, async () => {
    const t = target();
    const r = await t.generate([], { model: ['--config', t.config ?? ''], voice: ['--voice', 'alba'] });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr).startsWith('ValueError: Cannot use predefined voices when the model is not loaded from a config associated with a language.')).toBe(true);
  });

  it('--language with --config → `ValueError: Cannot specify both config and language, please choose one or the other.`, exit 1', async () => {
    const t = target();
    const r = await t.generate(['--language', 'english', '--config', t.anyConfigFile], { model: [], voice: [] });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toBe('ValueError: Cannot specify both config and language, please choose one or the other.');
    expect(r.stdout.length).toBe(0);
  });

  it.runIf(release.v2)('2.1.0: --language french → `ValueError: For technical reasons, only a larger 24-layer model is available for French. …`, exit 1', async () => {
    const r = await target().generate(['--language', 'french'], { model: [], voice: [] });
    expect(r.exitCode, describeResult(r)).toBe(1);
    expect(lastLine(r.stderr)).toBe(
      "ValueError: For technical reasons, only a larger 24-layer model is available for French. Please use the 'french_24l' language instead.",
    );
  });

  it.runIf(release.v3plus)('3.3.0+: --language french is a built-in language (never the 24-layer refusal)', { timeout: timeout(30_000) }, async () => {
    const r = await target().generate(['--language', 'french'], { model: [], voice: [] });
    expect(r.stderr).not.toContain('24-layer');
    // Without a French model in the cache the real program fails to find its files instead.
    if (r.exitCode !== 0) expect(lastLine(r.stderr)).toMatch(/LocalEntryNotFoundError|OfflineModeIsEnabled/);
  });

  it('an exception with _TYPER_STANDARD_TRACEBACK=1 prints a plain traceback ending `ValueError: …`', async () => {
    const t = target();
    const r = await t.generate(['--language', 'english', '--config', t.anyConfigFile], { model: [], voice: [] });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('Traceback (most recent call last):');
    expect(lastLine(r.stderr)).toMatch(/^ValueError: /);
  });

  it('an exception without _TYPER_STANDARD_TRACEBACK prints a rich (boxed) traceback', async () => {
    const t = target();
    const r = await t.generate(['--language', 'english', '--config', t.anyConfigFile], { model: [], voice: [], env: { _TYPER_STANDARD_TRACEBACK: undefined } });
    expect(r.exitCode, describeResult(r)).toBe(1);
    const plain = lastLine(r.stderr).startsWith('ValueError: Cannot specify both');
    expect(!plain || hasBoxDrawing(r.stderr), r.stderr).toBe(true);
  });
});
