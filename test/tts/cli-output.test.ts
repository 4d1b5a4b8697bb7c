// `generate --out` and special files: never renamed over; devices, FIFOs written directly; bad targets are usage errors.
import { spawnSync } from 'node:child_process';
import { lstat, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../support/cli.js';
import { tempDir } from '../support/double-runtime.js';
import { fixtures } from '../support/fixtures.js';

const knobs = { POCKET_TTS_DOUBLE_LOAD_MS: '0', POCKET_TTS_DOUBLE_FRAME_MS: '1' };
const generate = (out: string) => runCli(['generate', '--executable', fixtures().doubleBin, '--text', 'Hello there.', '--out', out], { env: knobs });

// Our own full device (char 1,7 like /dev/full): never the machine's, which the old code replaced.
function fullDevice(dir: string): string | null {
  const file = join(dir, 'full');
  return spawnSync('mknod', [file, 'c', '1', '7']).status === 0 ? file : null;
}

describe('generate --out and special files', () => {
  it('a character device is written directly: ENOSPC is a typed error (exit 1) and the device stays a device', async (context) => {
    const device = fullDevice(await tempDir('ptr-out-'));
    if (device === null) return context.skip('mknod is not permitted here');
    const cli = await generate(device);
    expect(cli.exitCode, String(cli.stderr)).toBe(1);
    expect(cli.stderr).toMatch(/^OUTPUT_FAILED: .*ENOSPC/m);
    expect(cli.stderr).not.toContain('INTERNAL');
    expect((await lstat(device)).isCharacterDevice()).toBe(true);
  });

  it('--out - into a full stdout is OUTPUT_FAILED (exit 1), not INTERNAL with a stack', async (context) => {
    const device = fullDevice(await tempDir('ptr-out-'));
    if (device === null) return context.skip('mknod is not permitted here');
    // The device is the CLI's own fd 1 (a shell redirection), as in `generate --out - > /dev/full`.
    const args = [CLI, 'generate', '--executable', fixtures().doubleBin, '--text', 'Hello there.', '--out', '-'];
    const cli = await execa('sh', ['-c', 'exec "$@" > "$0"', device, process.execPath, ...args], { env: { ...knobs, CI: '1' }, reject: false, stdin: 'ignore' });
    expect(cli.exitCode, String(cli.stderr)).toBe(1);
    expect(cli.stderr).toMatch(/^OUTPUT_FAILED: cannot write stdout: ENOSPC/m);
    expect(cli.stderr).not.toContain('INTERNAL');
  });

  it('a FIFO is written directly (a reader gets the WAV) and stays a FIFO', async () => {
    const dir = await tempDir('ptr-out-');
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = execa('cat', [fifo], { encoding: 'buffer' });
    const cli = await generate(fifo);
    if (cli.exitCode !== 0) reader.kill();
    expect(cli.exitCode, String(cli.stderr)).toBe(0);
    const wav = Buffer.from((await reader).stdout);
    expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  }, 30_000);

  it('--out \'\' and --out DIRECTORY are usage errors (exit 2) found before any work', async () => {
    const dir = await tempDir('ptr-out-');
    await mkdir(join(dir, 'sub'));
    for (const out of ['', join(dir, 'sub')]) {
      const cli = await generate(out);
      expect(cli.exitCode, `${out}: ${String(cli.stderr)}`).toBe(2);
      expect(cli.stderr).toContain('--out');
      expect(cli.stderr).not.toContain('INTERNAL');
    }
    expect((await lstat(join(dir, 'sub'))).isDirectory()).toBe(true);
  });

  it('a regular file is still replaced atomically', async () => {
    const out = join(await tempDir('ptr-out-'), 'a.wav');
    expect((await generate(out)).exitCode).toBe(0);
    expect((await readFile(out)).subarray(0, 4).toString('latin1')).toBe('RIFF');
  });
});
