import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executable } from '../../checks/executable.js';
import { facts, probeFacts, probeFailed, removeTempDirs, runtime, tempDir } from './support.js';

afterAll(removeTempDirs);

async function script(dir: string, name: string, content: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, content);
  await chmod(file, 0o755);
  return file;
}

describe('executable check', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('ptr-exe-');
    await mkdir(join(dir, 'bin'));
  });

  it('fails with the provision command when no runtime resolves', async () => {
    expect(await executable.run(facts({ runtime: null }))).toMatchObject({
      status: 'fail', message: 'no runtime is provisioned in /srv/ptr', hint: 'pocket-tts-runtime provision --home /srv/ptr',
    });
  });

  it('passes with the mode, id and path', async () => {
    const file = await script(dir, 'ok', `#!${process.execPath}\n`);
    const outcome = await executable.run(facts({ runtime: runtime({ pocketTts: { file, args: [] } }) }));
    expect(outcome).toMatchObject({ status: 'pass', message: `venv runtime venv-2.1.0-py3.11-abc: ${file}` });
  });

  it.each([
    ['#!/gone/venv/bin/python\n', '/gone/venv/bin/python, which is missing'],
    ["#!/bin/sh\n'''exec' \"/gone/long/venv/bin/python\" \"$0\" \"$@\"\n' '''\n", '/gone/long/venv/bin/python, which is missing'],
  ])('fails when the script interpreter is gone (%j)', async (content, message) => {
    const file = await script(dir, `moved-${message.length}`, content);
    const outcome = await executable.run(facts({ runtime: runtime({ pocketTts: { file, args: [] } }) }));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(message);
  });

  it('fails when the program is missing', async () => {
    const outcome = await executable.run(facts({ runtime: runtime({ pocketTts: { file: join(dir, 'nope'), args: [] } }) }));
    expect(outcome).toMatchObject({ status: 'fail', message: `${join(dir, 'nope')} is missing or not executable` });
  });

  it('fails when the console script entry point does not load', async () => {
    const file = await script(dir, 'ep', `#!${process.execPath}\n`);
    const base = probeFacts();
    const probe = { ...base, pocketTts: { ...(base.pocketTts as NonNullable<typeof base.pocketTts>), entryPoint: { value: 'pocket_tts.main:cli_app', error: { type: 'ModuleNotFoundError', line: "ModuleNotFoundError: No module named 'typer'" } } } };
    const outcome = await executable.run(facts({ runtime: runtime({ pocketTts: { file, args: [] } }), probe }));
    expect(outcome.message).toBe("the pocket-tts command (pocket_tts.main:cli_app) does not load: ModuleNotFoundError: No module named 'typer'");
  });

  it('runs `pocket-tts --help` when the Python is unknown', async () => {
    const good = await script(dir, 'help-ok', '#!/bin/sh\nexit 0\n');
    const bad = await script(dir, 'help-bad', '#!/bin/sh\necho "ImportError: broken" >&2\nexit 1\n');
    const run = (file: string) => executable.run(facts({ runtime: runtime({ mode: 'system', python: null, pocketTts: { file, args: [] } }), probe: probeFailed('no-python') }));
    expect((await run(good)).status).toBe('pass');
    expect(await run(bad)).toMatchObject({ status: 'fail', message: '`pocket-tts --help` failed (exit 1): ImportError: broken' });
  });
});
