import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../support/fixtures.js';
import { runInProcess } from '../support/run-in-process.js';
import { EVERY_COMMAND } from './commands.js';

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ptr-no-internal-'));
  file = join(dir, 'a-file');
  await writeFile(file, 'not a folder\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// A user's mistake is a typed error with a fix, never `INTERNAL` and a stack trace.
describe('no INTERNAL for a user mistake', () => {
  it.each(Object.entries(EVERY_COMMAND))('%s with a home that cannot be written (a file in the way)', async (_, args) => {
    const { stderr, stdout } = await runInProcess(args, { cwd: dir, env: { POCKET_TTS_RUNTIME_HOME: join(file, 'home') } });
    expect(stderr + stdout).not.toContain('INTERNAL');
    expect(stderr + stdout).not.toMatch(/^\s+at /m);
  });

  it.each(Object.entries(EVERY_COMMAND))('%s with HOME not writable (the default home below it)', async (_, args) => {
    const { stderr, stdout } = await runInProcess(args, { cwd: dir, env: { HOME: join(file, 'user'), POCKET_TTS_RUNTIME_HOME: undefined, XDG_DATA_HOME: undefined } });
    expect(stderr + stdout).not.toContain('INTERNAL');
    expect(stderr + stdout).not.toMatch(/^\s+at /m);
  });

  it.each([
    ['setup', ['setup', '--engine', 'double', '--no-smoke']],
    ['provision', ['provision', '--executable', '/bin/true', '--mode', 'system']],
  ])('%s says the home cannot be written and why (ENOTDIR: a file, not a folder), exit 2', async (_, args) => {
    const { exitCode, stderr, stdout } = await runInProcess([...args, '--home', join(file, 'home')], { cwd: dir });
    expect(exitCode).toBe(2);
    expect(stderr + stdout).toContain(`INVALID_CONFIG: the home ${join(file, 'home')} cannot be written: ${file} is a file, not a folder`);
  });

  it("preflight's disk check fails when the home cannot be written", async () => {
    const { exitCode, stdout } = await runInProcess(['preflight', '--json', '--home', join(file, 'home')], { cwd: dir });
    expect(exitCode).toBe(1);
    const report = JSON.parse(stdout) as { checks: { id: string; status: string; message: string }[] };
    const disk = report.checks.find((c) => c.id === 'disk');
    expect(disk?.status).toBe('fail');
    expect(disk?.message).toContain('cannot be written');
  });

  it('generate --out into a missing folder is refused before any generation (exit 2)', async () => {
    const out = join(dir, 'missing', 'dir', 'x.wav');
    const { exitCode, stderr } = await runInProcess(['generate', '--executable', fixtures().doubleBin, '--text', 'Hello.', '--out', out], { cwd: dir });
    expect(exitCode).toBe(2);
    expect(stderr).toContain(`INVALID_INPUT: --out ${out}: the folder ${join(dir, 'missing', 'dir')} does not exist`);
    expect(stderr).toContain('mkdir -p');
  });
});
