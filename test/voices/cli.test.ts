import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { isValidSafetensors } from '../../src/fs/safetensors.js';
import { CLI, runCli } from '../support/cli.js';
import { fixtures } from '../support/fixtures.js';
import { descendantsOf, isAlive, waitUntil } from '../support/processes.js';
import { readIndex, stateFiles, voicesProject } from './support.js';

const env = { POCKET_TTS_DOUBLE_LOAD_MS: '20', POCKET_TTS_DOUBLE_ENCODE_MS: '10' };

describe('pocket-tts-runtime voices export', () => {
  it('--json reports each voice (name, status, file, sha256); a broken source fails only its entry and exits 1', async () => {
    const project = await voicesProject([{ name: 'narrator', hz: 220 }, { name: 'broken', broken: 'not-riff' }]);
    const args = ['voices', 'export', '--executable', fixtures().doubleBin, '--manifest', project.manifest, '--json'];
    const cli = await runCli(args, { env });
    expect(cli.exitCode, String(cli.stderr)).toBe(1);
    const report = JSON.parse(String(cli.stdout)) as { method: string; failed: number; voices: Record<string, unknown>[] };
    expect(report).toMatchObject({ method: 'helper', exported: 1, cached: 0, failed: 1, index: join(project.out, 'index.json') });
    expect(report.voices).toEqual([
      expect.objectContaining({ name: 'narrator', status: 'exported', file: join(project.out, 'narrator.safetensors'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string }),
      expect.objectContaining({ name: 'broken', status: 'failed', file: null, sha256: null, error: expect.objectContaining({ code: 'INVALID_VOICE' }) as object }),
    ]);
    const again = await runCli(['voices', 'export', '--executable', fixtures().doubleBin, '--manifest', project.manifest, '--out', join(project.dir, 'elsewhere')], { env });
    expect(again.exitCode).toBe(1);
    expect(String(again.stdout)).toMatch(/voices: 1 exported, 0 cached, 1 failed in [\d.]+ s \(helper, 1 model load\)/);
    expect(String(again.stderr)).toContain('the contract double ran: the audio is SYNTHETIC'); // issue 17
    expect(String(again.stderr)).toMatch(/failed voices:\n {2}broken: INVALID_VOICE: voice "broken": source .*broken\.wav is not a WAV file/);
  });

  it('up-to-date voices say so; a bad manifest exits 2', async () => {
    const project = await voicesProject([{ name: 'narrator', hz: 220 }]);
    const args = ['voices', 'export', '--executable', fixtures().doubleBin];
    expect((await runCli(args, { env, cwd: project.dir })).exitCode).toBe(0);
    const cached = await runCli(args, { env, cwd: project.dir });
    expect(cached.exitCode).toBe(0);
    expect(String(cached.stdout)).toContain('narrator: cached (up to date)');
    expect(String(cached.stdout)).toMatch(/voices: 0 exported, 1 cached, 0 failed/);
    const bad = await runCli([...args, '--manifest', join(project.dir, 'nope.json')], { env });
    expect(bad.exitCode).toBe(2);
    expect(String(bad.stderr)).toMatch(/^INVALID_CONFIG: voices manifest .*nope\.json does not exist/m);
  });

  it('a SIGKILLed export leaves no partial state file and the next run completes the batch', async () => {
    const project = await voicesProject([{ name: 'a', hz: 200 }, { name: 'b', hz: 300 }, { name: 'c', hz: 400 }]);
    const args = [CLI, 'voices', 'export', '--executable', fixtures().doubleBin, '--manifest', project.manifest];
    const slow = execa(process.execPath, args, { detached: true, reject: false, env: { ...env, CI: '1', POCKET_TTS_DOUBLE_ENCODE_MS: '1500' } });
    const pid = slow.pid ?? 0;
    // Mid-batch: the first voice is in the index, the second is being encoded.
    await waitUntil(async () => Object.keys((await readIndex(project.out).catch(() => ({ voices: {} }))).voices).length === 1, { timeoutMs: 30_000, what: 'the first voice' });
    const helpers = await descendantsOf(pid);
    expect(helpers.length).toBeGreaterThan(0);
    process.kill(-pid, 'SIGKILL');
    await slow;
    // The helper runs in its own process group: it must notice on its own (stdin closed) and exit.
    await waitUntil(async () => !(await Promise.all(helpers.map(isAlive))).some(Boolean), { timeoutMs: 10_000, what: 'the helper to exit' });
    expect(await stateFiles(project.out)).toEqual(['a.safetensors']);
    expect(await isValidSafetensors(join(project.out, 'a.safetensors'))).toMatchObject({ valid: true });

    const next = await runCli(args.slice(1), { env });
    expect(next.exitCode, String(next.stderr)).toBe(0);
    expect(String(next.stdout)).toMatch(/voices: 2 exported, 1 cached, 0 failed/);
    expect(await stateFiles(project.out)).toEqual(['a.safetensors', 'b.safetensors', 'c.safetensors']);
    expect((await readdir(project.out)).sort()).toEqual(['a.safetensors', 'b.safetensors', 'c.safetensors', 'index.json']);
  });

  it('--cli forces one export-voice per voice', async () => {
    const project = await voicesProject([{ name: 'a', hz: 200 }]);
    const cli = await runCli(['voices', 'export', '--executable', fixtures().doubleBin, '--manifest', project.manifest, '--cli', '--json'], { env });
    expect(cli.exitCode).toBe(0);
    expect(JSON.parse(String(cli.stdout))).toMatchObject({ method: 'cli', exported: 1 });
  });
});
