// A failing `setup` prints its error once (issue 17: the task list showed the whole report, then the CLI
// printed it again), piped and on a terminal.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../support/cli.js';
import { tempDir } from '../support/double-runtime.js';

const SCRIPT = '/usr/bin/script';

describe('a failing setup prints its error once', () => {
  it('piped: the task is marked with the code; the message and the fix follow once', async () => {
    const home = join(await tempDir('ptr-once-'), 'home');
    const cli = await runCli(['setup', '--home', home, '--wheelhouse', '/nonexistent-wheelhouse', '--no-smoke']);
    expect(cli.exitCode).toBe(2);
    const out = `${String(cli.stdout)}\n${String(cli.stderr)}`;
    expect(out).toContain('✖ Provision the runtime [FAILED: INVALID_CONFIG]');
    expect(out.match(/cannot read the wheelhouse/g)).toHaveLength(1);
    expect(out.match(/^fix: /gm)).toHaveLength(1);
  });

  it.skipIf(!existsSync(SCRIPT))('on a terminal (util-linux script gives it a pseudo-terminal)', async () => {
    const home = join(await tempDir('ptr-once-'), 'home');
    const log = join(await tempDir('ptr-once-'), 'tty.log');
    const command = `stty cols 120 rows 40; '${process.execPath}' '${CLI}' setup --home '${home}' --wheelhouse /nonexistent-wheelhouse --no-smoke`;
    const env = { ...process.env, CI: '', NO_COLOR: '' };
    await execa(SCRIPT, ['-qec', command, log], { env, reject: false, stdin: 'ignore', timeout: 60_000 });
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(log, 'utf8');
    expect(text).toContain('✖'); // the interactive tree was drawn
    expect(text.match(/cannot read the wheelhouse/g)).toHaveLength(1);
  });
});
