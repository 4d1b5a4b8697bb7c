import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/double-runtime.js';
import { fixtures } from '../support/fixtures.js';

const knobs = { POCKET_TTS_DOUBLE_LOAD_MS: '0', POCKET_TTS_DOUBLE_FRAME_MS: '1' };

describe('pocket-tts-runtime generate', () => {
  it('writes a WAV file with correct sizes and reports the real-time factor', async () => {
    const dir = await tempDir();
    const out = join(dir, 'hello.wav');
    const cli = await runCli(['generate', '--executable', fixtures().doubleBin, '--text', 'Hello from the CLI.', '--out', out, '--temperature', '0.5', '--voice', 'marius'], { env: knobs });
    expect(cli.exitCode, String(cli.stderr)).toBe(0);
    const wav = await readFile(out);
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    expect(cli.stderr).toMatch(/wrote .*hello\.wav: \d+\.\d\d s of audio in \d+\.\d\d s \(real-time factor/);
    expect(await readdir(dir)).toEqual(['hello.wav']);
    // The double never passes for speech (issue 17): said once, unless -q.
    expect(String(cli.stderr).match(/the audio is SYNTHETIC/g)).toHaveLength(1);
    const quiet = await runCli(['generate', '--executable', fixtures().doubleBin, '--text', 'Hi.', '--out', join(dir, 'q.wav'), '-q'], { env: knobs });
    expect(quiet.exitCode).toBe(0);
    expect(String(quiet.stderr)).not.toContain('SYNTHETIC');
  });

  it('reads the text from stdin and streams the WAV to stdout with --out -', async () => {
    const cli = await runCli(['generate', '--executable', fixtures().doubleBin, '--text', '-', '--out', '-'], { env: knobs, input: 'Piped text.', encoding: 'buffer' });
    expect(cli.exitCode).toBe(0);
    const wav = Buffer.from(cli.stdout as unknown as Uint8Array);
    expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(wav.readUInt32LE(40)).toBe(0xffffffff);
    expect(wav.length).toBeGreaterThan(44 + 9600);
  });

  it('a failure prints the error code and message on stderr, exits 1 and leaves no file', async () => {
    const dir = await tempDir();
    const out = join(dir, 'never.wav');
    const cli = await runCli(['generate', '--executable', fixtures().doubleBin, '--text', 'Offline.', '--out', out], { env: { ...knobs, POCKET_TTS_DOUBLE_FAIL: 'offline' } });
    expect(cli.exitCode).toBe(1);
    expect(cli.stderr).toMatch(/^MODEL_DOWNLOAD_FAILED: .*LocalEntryNotFoundError/m);
    expect(cli.stderr).toContain('fix:');
    await expect(stat(out)).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });

  it('invalid input exits 1 with INVALID_VOICE; bad usage exits 2', async () => {
    const invalid = await runCli(['generate', '--executable', fixtures().doubleBin, '--text', 'x', '--voice', 'nobody']);
    expect(invalid.exitCode).toBe(1);
    expect(invalid.stderr).toMatch(/^INVALID_VOICE: unknown voice "nobody": not a catalog or exported voice name \(known voices: alba, marius, /m);
    const typo = await runCli(['generate', '--executable', fixtures().doubleBin, '--text', 'x', '--voice', 'albaa']);
    expect(typo.stderr).toMatch(/^INVALID_VOICE: unknown voice "albaa" \(did you mean "alba"\?\)/m);
    const usage = await runCli(['generate', '--executable', fixtures().doubleBin, '--text', 'x', '--temperature', 'hot']);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toContain("argument 'hot' is invalid");
  });

  it('--timeout stops a hung generation with TIMEOUT', async () => {
    const cli = await runCli(['generate', '--executable', fixtures().doubleBin, '--text', 'Hang here please.', '--out', '-', '--timeout', '500'], { env: { ...knobs, POCKET_TTS_DOUBLE_FAIL: 'hang' } });
    expect(cli.exitCode).toBe(1);
    expect(cli.stderr).toMatch(/^TIMEOUT: /m);
    // Worded for the CLI (issue 17): the flag, never the API's option name.
    expect(cli.stderr).toMatch(/^fix: Raise --timeout \(milliseconds\)/m);
    expect(cli.stderr).not.toContain('timeoutMs');
  });

  it('a text over the limit is told how to fix it from the CLI, not with createTts options (issue 17)', async () => {
    const cli = await runCli(['generate', '--executable', fixtures().doubleBin, '--text', 'a'.repeat(20_001), '--out', '-']);
    expect(cli.exitCode).toBe(2);
    expect(cli.stderr).toMatch(/^INVALID_INPUT: text is 20001 characters, over the limit of 20000$/m);
    expect(cli.stderr).toMatch(/^fix: Shorten the text: split it at sentence ends into parts of at most 20000 characters/m);
    expect(cli.stderr).not.toContain('createTts');
  });
});
