import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/program.js';
import { runInProcess } from '../support/run-in-process.js';
import { EVERY_COMMAND } from './commands.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ptr-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function project(name: string, config: string): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'pocket-tts-runtime.config.json'), config);
  return folder;
}

describe('one configuration for every command', () => {
  it('the table lists every command', () => {
    const leaves: string[] = [];
    const walk = (command: ReturnType<typeof createProgram>, path: string[]): void => {
      for (const sub of command.commands) {
        if (sub.commands.length === 0) leaves.push([...path, sub.name()].join(' '));
        walk(sub, [...path, sub.name()]);
      }
    };
    walk(createProgram(), []);
    expect(Object.keys(EVERY_COMMAND).sort()).toEqual(leaves.sort());
  });

  it.each(Object.entries(EVERY_COMMAND))('%s refuses a file with invalid JSON: INVALID_CONFIG, exit 2, with its line and column', async (_, args) => {
    const cwd = await project('broken-json', '{\n  "home": "h",\n  "server": { "port": 8000, }\n}\n');
    const { exitCode, stderr, stdout } = await runInProcess(args, { cwd });
    expect(exitCode).toBe(2);
    const text = stderr + stdout;
    expect(text).toContain('INVALID_CONFIG');
    expect(text).toContain(`${join(cwd, 'pocket-tts-runtime.config.json')}:3:`);
    expect(text).not.toContain('INTERNAL');
  });

  it.each(Object.entries(EVERY_COMMAND))('%s refuses an invalid field: its name, line and column', async (_, args) => {
    const cwd = await project('bad-field', '{\n  "server": {\n    "workers": "two"\n  }\n}\n');
    const { exitCode, stderr, stdout } = await runInProcess(args, { cwd });
    expect(exitCode).toBe(2);
    expect(stderr + stdout).toContain(`${join(cwd, 'pocket-tts-runtime.config.json')}:3:5: server.workers`);
  });

  it.each(Object.entries(EVERY_COMMAND))('%s refuses an invalid variable (POCKET_TTS_RUNTIME_WORKERS=0) naming it', async (_, args) => {
    const { exitCode, stderr, stdout } = await runInProcess(args, { cwd: dir, env: { POCKET_TTS_RUNTIME_WORKERS: '0' } });
    expect(exitCode).toBe(2);
    expect(stderr + stdout).toContain('POCKET_TTS_RUNTIME_WORKERS');
  });

  it('preflight reads home from the file (and a flag beats it)', async () => {
    const cwd = await project('home', JSON.stringify({ home: 'from-file' }));
    const fromFile = await runInProcess(['preflight', '--json'], { cwd, env: { POCKET_TTS_RUNTIME_HOME: undefined } });
    expect(fromFile.stdout).toContain(join(cwd, 'from-file'));
    const fromFlag = await runInProcess(['preflight', '--json', '--home', join(dir, 'from-flag')], { cwd });
    expect(fromFlag.stdout).toContain(join(dir, 'from-flag'));
    expect(fromFlag.stdout).not.toContain(join(cwd, 'from-file'));
  });

  it('the environment beats the file (POCKET_TTS_RUNTIME_HOME over "home")', async () => {
    const cwd = await project('home-env', JSON.stringify({ home: 'from-file' }));
    const { stdout } = await runInProcess(['preflight', '--json'], { cwd, env: { POCKET_TTS_RUNTIME_HOME: join(dir, 'from-env') } });
    expect(stdout).toContain(join(dir, 'from-env'));
    expect(stdout).not.toContain(join(cwd, 'from-file'));
  });

  it.each([
    ['voices export', ['voices', 'export']],
    ['generate', ['generate', '--text', 'hi', '--executable', '/nonexistent/pocket-tts']],
    ['setup', ['setup', '--engine', 'double', '--no-smoke']],
  ])('%s: a configured manifest that does not exist is an error, not a quiet skip', async (_, args) => {
    const cwd = await project('manifest', JSON.stringify({ voices: { manifest: 'missing-voices.json' } }));
    const { exitCode, stderr, stdout } = await runInProcess(args, { cwd, env: { POCKET_TTS_RUNTIME_HOME: join(dir, 'home') } });
    expect(exitCode).toBe(2);
    expect(stderr + stdout).toContain(`${join(cwd, 'missing-voices.json')} does not exist`);
  });
});
