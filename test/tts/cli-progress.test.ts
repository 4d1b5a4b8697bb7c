// CLI generate shows the audio generated so far on a terminal, and nothing when piped (issue 17).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../support/cli.js';
import { tempDir } from '../support/double-runtime.js';
import { fixtures } from '../support/fixtures.js';

const SCRIPT = '/usr/bin/script';
// ~40 frames of 25 ms each: a second of work, long enough for a few redraws.
const knobs = { POCKET_TTS_DOUBLE_LOAD_MS: '0', POCKET_TTS_DOUBLE_FRAME_MS: '25' };
const TEXT = 'A sentence long enough to take a while to say, so that the terminal shows how far it got.';

function checkWav(wav: Buffer): void {
  expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
  expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
  expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
}

describe('generate: progress on a terminal only', () => {
  it('piped: no progress line, the usual "wrote" line', async () => {
    const dir = await tempDir('ptr-progress-');
    const cli = await runCli(['generate', '--executable', fixtures().doubleBin, '--text', TEXT, '--out', join(dir, 'a.wav')], { env: knobs });
    expect(cli.exitCode, String(cli.stderr)).toBe(0);
    expect(String(cli.stderr)).not.toContain('so far');
    checkWav(await readFile(join(dir, 'a.wav')));
  });

  it.skipIf(!existsSync(SCRIPT))('on a terminal: "N s of audio so far" redrawn on one line, then the same whole WAV', async () => {
    const dir = await tempDir('ptr-progress-');
    const out = join(dir, 'b.wav');
    const log = join(dir, 'tty.log');
    const command = `stty cols 120 rows 40; '${process.execPath}' '${CLI}' generate --executable '${fixtures().doubleBin}' --text '${TEXT}' --out '${out}'`;
    await execa(SCRIPT, ['-qec', command, log], { env: { ...process.env, ...knobs, CI: '', NO_COLOR: '' }, reject: false, stdin: 'ignore', timeout: 60_000 });
    const text = await readFile(log, 'utf8');
    expect(text).toMatch(/\r\d+\.\d s of audio so far/);
    expect(text).toMatch(/wrote .*b\.wav: \d+\.\d\d s of audio/);
    checkWav(await readFile(out));
  });
});
