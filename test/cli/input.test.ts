import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { spawnRecorder, tempDir } from '../support/double-runtime.js';
import { runInProcess } from '../support/run-in-process.js';

// Issue 20: CLI input a pocket-tts could never run is refused before any work or process, exit 2, with a typed code.
describe('CLI input refused before any process', () => {
  async function recorder(): Promise<{ bin: string; marker: string; dir: string }> {
    const dir = await tempDir('ptr-input-');
    const { marker } = await spawnRecorder(dir);
    return { bin: join(dir, 'pocket-tts'), marker, dir };
  }

  it('`--mode server --temperature 1.2`: refused before any sidecar starts', async () => {
    const { bin, marker } = await recorder();
    const { exitCode, stderr } = await runInProcess(['generate', '--text', 'hi', '--mode', 'server', '--temperature', '1.2', '--executable', bin]);
    expect(exitCode, stderr).toBe(2);
    expect(stderr).toMatch(/^INVALID_INPUT: temperature/m);
    expect(existsSync(marker)).toBe(false);
  });

  it.each([
    ['/etc/passwd', /not a pocket-tts YAML config/],
    ['english', /--language english/],
    ['missing.yaml', /does not exist/],
  ])('`--config %s`: refused before pocket-tts runs', async (config, message) => {
    const { bin, marker, dir } = await recorder();
    const { exitCode, stderr } = await runInProcess(['generate', '--text', 'hi', '--config', config, '--executable', bin, '--out', join(dir, 'x.wav')], { cwd: dir });
    expect(exitCode, stderr).toBe(2);
    expect(stderr).toMatch(/^INVALID_INPUT: /m);
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain('Traceback');
    expect(existsSync(marker)).toBe(false);
  });

  it('a readable .yaml config still reaches pocket-tts', async () => {
    const { bin, marker, dir } = await recorder();
    await writeFile(join(dir, 'model.yaml'), 'weights_path: w.safetensors\n');
    await runInProcess(['generate', '--text', 'hi', '--config', 'model.yaml', '--executable', bin, '--out', join(dir, 'x.wav')], { cwd: dir });
    expect(existsSync(marker)).toBe(true);
  });

  it.each([['0x2'], ['1e0'], [' 1'], ['1_0'], ['Infinity'], ['.'], ['+-1'], ['0b1']])('numbers are plain decimals: `--temperature %j` is refused', async (value) => {
    const { bin, marker } = await recorder();
    const { exitCode, stderr } = await runInProcess(['generate', '--text', 'hi', '--temperature', value, '--executable', bin]);
    expect(exitCode, stderr).toBe(2);
    expect(stderr).toContain('expected a decimal number');
    expect(existsSync(marker)).toBe(false);
  });

  it.each([
    [['generate', '--text', 'hi', '--timeout', '0x10']],
    [['serve', '--port', '0x50']],
    [['serve', '--workers', '1e1']],
    [['health', '--timeout', '0o7']],
  ])('every numeric flag shares the one parser: %j', async (args) => {
    const { exitCode, stderr } = await runInProcess(args);
    expect(exitCode, stderr).toBe(2);
    expect(stderr).toMatch(/expected a/);
  });

  it.each([['0.5'], ['1.0'], ['2'], ['.5']])('a decimal `--temperature %s` is accepted', async (value) => {
    const { bin, marker } = await recorder();
    await runInProcess(['generate', '--text', 'hi', '--temperature', value, '--executable', bin]);
    expect(existsSync(marker)).toBe(true);
  });

  it('a repeated `--text` is refused, saying it was given twice', async () => {
    const { bin, marker } = await recorder();
    const { exitCode, stderr } = await runInProcess(['generate', '--text', 'one', '--text', 'two', '--executable', bin]);
    expect(exitCode, stderr).toBe(2);
    expect(stderr).toContain('--text');
    expect(stderr).toContain('given twice');
    expect(existsSync(marker)).toBe(false);
  });

  it('a repeated value flag of another command is refused too', async () => {
    const { exitCode, stderr } = await runInProcess(['serve', '--port', '1', '--port', '2']);
    expect(exitCode, stderr).toBe(2);
    expect(stderr).toContain('given twice');
  });

  it('invalid UTF-8 on stdin is refused (typed, exit 2), never replaced', async () => {
    const { bin, marker } = await recorder();
    const cli = await runCli(['generate', '--text', '-', '--executable', bin, '--out', '-'], { input: Buffer.from([0x68, 0xff, 0x69]) });
    expect(cli.exitCode).toBe(2);
    expect(cli.stderr).toMatch(/^INVALID_INPUT: .*not valid UTF-8.*byte 1/m);
    expect(existsSync(marker)).toBe(false);
  });
});
