import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preflightReportSchema } from '../../src/preflight/schema.js';
import { runCli } from '../support/cli.js';
import { envFor, provisionVariant, removeTemps, tempDir, type TestRuntime } from './support/runtimes.js';

// `pocket-tts-runtime preflight` as a user runs it (the built CLI; CI=1 and NO_COLOR=1: plain lines).
describe('pocket-tts-runtime preflight (CLI)', () => {
  let t: TestRuntime;
  let noVoices: string;
  const preflight = async (args: string[] = [], home = t.home): Promise<{ exitCode: number | undefined; stdout: string; stderr: string }> => {
    const result = await runCli(['preflight', '--home', home, '--voices-dir', noVoices, ...args], { env: envFor(t) });
    return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
  };

  beforeAll(async () => {
    noVoices = join(await tempDir('ptr-pf-cli-'), 'none');
    t = await provisionVariant('healthy');
  });
  afterAll(() => removeTemps([t]));

  it('prints the checks in fixed order, hints under non-passing ones and a summary; exit 0 with warnings', async () => {
    const result = await preflight();
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.filter((l) => /^[✓!✗-] /.test(l)).map((l) => l.split(/\s+/)[1])).toEqual([
      'executable', 'python', 'torch', 'pocket-tts', 'hf-cache', 'pocket-tts-cache', 'offline', 'voices', 'hf-token', 'port', 'disk', 'memory',
    ]);
    expect(lines).toContain(`! pocket-tts        contract double installed: no real speech (pocket-tts 2.1.0+double)`);
    expect(lines).toContain(`                    fix: pocket-tts-runtime provision --home ${t.home}`);
    expect(lines.at(-1)).toMatch(/^7 passed, 1 warning, 0 failed, 4 skipped in \d+ ms$/);
    expect(result.stdout).not.toContain('\u001b[');
    expect(result.stderr).toBe('');
  });

  it('--strict exits 1 on the warning', async () => {
    expect((await preflight(['--strict'])).exitCode).toBe(1);
  });

  it('exits 1 without a runtime, with the provision command under the failure', async () => {
    const home = join(noVoices, '..', 'empty-home');
    const result = await preflight([], home);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`✗ executable        no runtime is provisioned in ${home}\n                    fix: pocket-tts-runtime provision --home ${home}\n`);
    expect(result.stdout).toContain('- python            needs a runtime (see executable)');
  });

  it('--json prints the versioned report, valid against the exported schema, with the same exit code', async () => {
    const ok = await preflight(['--json']);
    expect(ok.exitCode).toBe(0);
    const report = preflightReportSchema.parse(JSON.parse(ok.stdout));
    expect(report).toMatchObject({ schemaVersion: 1, exitCode: 0, summary: { pass: 7, warn: 1, fail: 0, skip: 4 } });
    expect(report.checks.every((c) => typeof c.durationMs === 'number' && 'hint' in c)).toBe(true);
    const strict = await preflight(['--json', '--strict']);
    expect(strict.exitCode).toBe(1);
    expect(preflightReportSchema.parse(JSON.parse(strict.stdout)).ok).toBe(false);
  });

  it('--server checks the port range: a busy port fails with exit 1', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const result = await preflight(['--server', '--ports', `${port}-${port}`, '--json']);
      expect(result.exitCode).toBe(1);
      const check = preflightReportSchema.parse(JSON.parse(result.stdout)).checks.find((c) => c.id === 'port');
      expect(check).toMatchObject({ status: 'fail', details: { busy: [{ port, code: 'EADDRINUSE' }] } });
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it.each([
    [['--language', 'klingon'], 'INVALID_CONFIG: invalid preflight option language'],
    [['--voices', 'alba,nobody'], 'invalid preflight option voices.1'],
    [['--workers', '2'], '--workers applies to server mode only'],
    [['--server', '--workers', '3', '--ports', '8000-8001'], 'server.portRange: portRange holds fewer ports than workers'],
    [['--server', '--ports', 'abc'], "option '--ports <from-to>' argument 'abc' is invalid"],
    [['--bogus'], "unknown option '--bogus'"],
  ])('exits 2 for bad usage or configuration: %j', async (args, message) => {
    const result = await preflight(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});
