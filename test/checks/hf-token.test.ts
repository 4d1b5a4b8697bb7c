import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hfToken } from '../../checks/hf-token.js';
import { facts, removeTempDirs, runtime, tempDir } from './support.js';

afterAll(removeTempDirs);

const TOKEN = 'hf_superSecretTokenValue1234567890';

describe('hf-token check', () => {
  it('is skipped unless cloning is configured', async () => {
    expect(await hfToken.run(facts({ options: { env: { HF_TOKEN: TOKEN } } }))).toMatchObject({ status: 'skip' });
  });

  it.each(['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN'])('passes with %s, never printing it', async (name) => {
    const outcome = await hfToken.run(facts({ options: { cloning: true, env: { [name]: TOKEN } } }));
    expect(outcome.status).toBe('pass');
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
    expect(outcome.message).toContain(`${name} is set`);
  });

  it('finds the token `hf auth login` stored in HF_HOME', async () => {
    const hfHome = await tempDir('ptr-token-');
    await writeFile(join(hfHome, 'token'), TOKEN);
    const rt = runtime({ env: { HF_HOME: hfHome, HF_HUB_CACHE: join(hfHome, 'hub') } });
    const outcome = await hfToken.run(facts({ runtime: rt, options: { cloning: true, env: {} } }));
    expect(outcome).toMatchObject({ status: 'pass', message: `a token is stored in ${join(hfHome, 'token')} (hf auth login)` });
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });

  it('warns that cloning silently falls back without a token', async () => {
    const outcome = await hfToken.run(facts({ runtime: null, options: { cloning: true, env: { HOME: '/nonexistent' } } }));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('silently fall back to the catalog voices');
    expect(outcome.hint).toContain('export HF_TOKEN=<your token>');
  });
});
