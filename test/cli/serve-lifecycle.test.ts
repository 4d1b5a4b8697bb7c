// `pocket-tts-runtime serve` start-up and stop: usage errors before any work, the front bound before any
// sidecar loads, a busy port refused with a fix, and the first SIGTERM/SIGINT honoured in every state.
// Runs the built CLI (npm test builds first) on the contract double.
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtures } from '../support/fixtures.js';
import { lineOf, runCli } from '../support/cli.js';
import { tempDir } from '../support/double-runtime.js';
import { descendantsOf, isAlive, waitUntil } from '../support/processes.js';
import { sidecarRuntime } from '../engines/pool/support.js';

let started: ResultPromise | undefined;
afterEach(async () => {
  if (started?.pid !== undefined && (await isAlive(started.pid))) started.kill('SIGKILL');
  await started?.catch(() => undefined);
  started = undefined;
  expect(await descendantsOf(process.pid)).toEqual([]);
});


/** `serve` on the double with its knobs, in the background. */
export async function serve(args: string[], knobs: Record<string, string> = {}, env: Record<string, string> = {}): Promise<{ child: ResultPromise }> {
  const runtime = await sidecarRuntime(knobs);
  const child = runCli(['serve', '--executable', fixtures().doubleBin, ...args], { env: { ...runtime.env, ...env } });
  started = child;
  return { child };
}

async function listening(child: ResultPromise): Promise<string> {
  return (await lineOf(child.stderr!, /listening on http:\/\/127\.0\.0\.1:\d+/)).replace('listening on ', '');
}

function occupy(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve(server));
  });
}

describe('serve: usage errors at parse time (exit 2, nothing started)', () => {
  for (const args of [['--token', ''], ['--host', '256.1.1.1'], ['--host', ''], ['--host', 'bad host'], ['--port', '70000'], ['--port', 'x']]) {
    it(`refuses ${args.join(' ')}`, async () => {
      const trace = join(await tempDir('ptr-serve-usage-'), 'trace.jsonl');
      const result = await (await serve(args, { TRACE_FILE: trace })).child;
      expect(result.exitCode, String(result.stderr)).toBe(2);
      expect(String(result.stderr)).not.toContain('INTERNAL');
      expect(existsSync(trace)).toBe(false);
    });
  }

  it('refuses a bad server.host from the config file with INVALID_CONFIG', async () => {
    const dir = await tempDir('ptr-serve-host-');
    await writeFile(join(dir, 'pocket-tts-runtime.config.json'), '{ "server": { "host": "256.1.1.1" } }\n');
    const again = runCli(['serve', '--executable', fixtures().doubleBin], { cwd: dir });
    started = again;
    const done = await again;
    expect(done.exitCode, String(done.stderr)).toBe(2);
    expect(String(done.stderr)).toContain('INVALID_CONFIG');
    expect(String(done.stderr)).toContain('server.host');
  });
});

describe('serve: the default voice (--default-voice, server.defaultVoice)', () => {
  it('refuses a catalog name the installed release lacks (daan on 2.1.0) with INVALID_CONFIG, exit 2, before any sidecar starts', async () => {
    const trace = join(await tempDir('ptr-serve-voice-'), 'trace.jsonl');
    const result = await (await serve(['--workers', '1', '--port', '0', '--default-voice', 'daan'], { TRACE_FILE: trace })).child;
    expect(result.exitCode, String(result.stderr)).toBe(2);
    expect(String(result.stderr)).toContain('INVALID_CONFIG');
    expect(String(result.stderr)).toContain('has no catalog voice "daan"');
    expect(existsSync(trace)).toBe(false);
  });

  it('reads server.defaultVoice from the config file, a voice file relative to that file', async () => {
    const dir = await tempDir('ptr-serve-voice-file-');
    await writeFile(join(dir, 'pocket-tts-runtime.config.json'), '{ "server": { "defaultVoice": "voices/missing.safetensors" } }\n');
    const again = runCli(['serve', '--executable', fixtures().doubleBin, '--workers', '1', '--port', '0'], { cwd: dir });
    started = again;
    const done = await again;
    expect(done.exitCode, String(done.stderr)).toBe(2);
    expect(String(done.stderr)).toContain(`${join(dir, 'voices', 'missing.safetensors')} is not a readable voice state file`);
  });
});

describe('serve: a host other than loopback, and the bearer token', () => {
  it('--host 0.0.0.0 without a token: one warning line says there is no authentication', async () => {
    const { child } = await serve(['--workers', '1', '--host', '0.0.0.0', '--port', '0']);
    await lineOf(child.stderr!, /worker\(s\) ready/);
    child.kill('SIGTERM');
    const stderr = String((await child).stderr);
    expect(stderr.split('\n').filter((l) => l.startsWith('WARNING') && !l.includes('SYNTHETIC')).join('\n')).toMatch(/^WARNING: +serve listens on 0\.0\.0\.0, .*NO authentication.*--token/);
    // The double never passes for speech in the server's log either (issue 17).
    expect(stderr).toMatch(/WARNING: +pocket-tts-runtime serve: the contract double ran: the audio is SYNTHETIC/);
  });

  it('POCKET_TTS_RUNTIME_TOKEN: /tts needs the token, /health does not; the token is never printed', async () => {
    const token = 'tok-from-the-environment-123';
    const { child } = await serve(['--workers', '1', '--host', '0.0.0.0', '--port', '0'], {}, { POCKET_TTS_RUNTIME_TOKEN: token });
    const port = /:(\d+)$/.exec(await lineOf(child.stderr!, /ready on http:\/\/\S+:\d+/))?.[1] ?? '';
    const url = `http://127.0.0.1:${port}`;
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const form = (): FormData => {
      const f = new FormData();
      f.append('text', 'Authorized.');
      return f;
    };
    const refused = await fetch(`${url}/tts`, { method: 'POST', body: form() });
    expect([refused.status, refused.headers.get('www-authenticate')?.startsWith('Bearer')]).toEqual([401, true]);
    const ok = await fetch(`${url}/tts`, { method: 'POST', body: form(), headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
    child.kill('SIGTERM');
    const result = await child;
    expect(String(result.stderr)).toMatch(/WARNING: +serve listens on 0\.0\.0\.0, .*needs the bearer token/);
    expect(String(result.stderr) + String(result.stdout)).not.toContain(token);
  });

  it('--help shows no token value', async () => {
    const help = await runCli(['serve', '--help'], { env: { POCKET_TTS_RUNTIME_TOKEN: 'never-shown-456' } });
    expect(String(help.stdout)).toContain('--token <token>');
    expect(String(help.stdout) + String(help.stderr)).not.toContain('never-shown-456');
  });
});

describe('serve: start-up', () => {
  it('a busy port: exit 1 with a typed code and a runnable fix, before any sidecar is spawned', async () => {
    const busy = await occupy();
    try {
      const { port } = busy.address() as { port: number };
      const trace = join(await tempDir('ptr-serve-busy-'), 'trace.jsonl');
      const result = await (await serve(['--port', String(port)], { TRACE_FILE: trace, LOAD_MS: '2000' })).child;
      expect(result.exitCode, String(result.stderr)).toBe(1);
      expect(String(result.stderr)).toContain('SERVER_START_FAILED');
      expect(String(result.stderr)).toContain(`127.0.0.1:${port} is already in use`);
      expect(String(result.stderr)).toMatch(/fix: .*pocket-tts-runtime serve --port 0/);
      expect(String(result.stderr)).not.toContain('INTERNAL');
      expect(String(result.stderr)).not.toMatch(/\n\s+at /);
      expect(existsSync(trace), 'no pocket-tts process may start').toBe(false);
    } finally {
      busy.close();
    }
  });

  it('binds before the sidecars load: /health is 503 while loading, a request then waits for a worker', async () => {
    const { child } = await serve(['--workers', '1', '--port', '0'], { LOAD_MS: '2500' });
    const url = await listening(child);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(503);
    const form = new FormData();
    form.append('text', 'Queued while the model loads.');
    const res = await fetch(`${url}/tts`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(44);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    child.kill('SIGTERM');
    expect((await child).exitCode).toBe(0);
  });

  it('a sidecar that cannot start: exit 1 SERVER_START_FAILED, every child stopped', async () => {
    const { child } = await serve(['--workers', '1', '--port', '0'], { FAIL: 'die-on-load' });
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(1);
    expect(String(result.stderr)).toContain('SERVER_START_FAILED');
    expect(String(result.stderr)).not.toContain('INTERNAL');
  }, 60_000);
});

describe('serve: the first SIGTERM or SIGINT is honoured in every state', () => {
  it('while the sidecars load (SIGTERM)', async () => {
    const { child } = await serve(['--workers', '2', '--port', '0'], { LOAD_MS: '60000' });
    await listening(child);
    await waitUntil(async () => (await descendantsOf(child.pid ?? 0)).length >= 2, { what: 'the sidecars to spawn', timeoutMs: 10_000 });
    const sidecars = await descendantsOf(child.pid ?? 0);
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(String(result.stderr)).toContain('stopped');
    for (const pid of sidecars) expect(await isAlive(pid)).toBe(false);
  });

  it('while serving (SIGINT)', async () => {
    const { child } = await serve(['--workers', '1', '--port', '0']);
    await lineOf(child.stderr!, /worker\(s\) ready/);
    const sidecars = await descendantsOf(child.pid ?? 0);
    expect(sidecars.length).toBeGreaterThanOrEqual(1);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(0);
    for (const pid of sidecars) expect(await isAlive(pid)).toBe(false);
  });

  it('while draining a request that hangs: a second signal stops at once', async () => {
    const { child } = await serve(['--workers', '1', '--port', '0', '--drain-timeout', '60000'], { FAIL: 'hang', FAIL_AFTER_FRAMES: '1' });
    const url = await listening(child);
    await lineOf(child.stderr!, /worker\(s\) ready/);
    const form = new FormData();
    form.append('text', 'This request hangs after its first frame.');
    const res = await fetch(`${url}/tts`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const body = res.arrayBuffer().catch(() => null);
    const sidecars = await descendantsOf(child.pid ?? 0);
    child.kill('SIGTERM');
    await lineOf(child.stderr!, /shutting down/);
    expect(await isAlive(child.pid ?? 0)).toBe(true);
    child.kill('SIGTERM');
    const result = await child;
    expect([result.exitCode, result.signal], String(result.stderr)).toEqual([0, undefined]);
    await body;
    for (const pid of sidecars) expect(await isAlive(pid)).toBe(false);
  });
});

interface Answer {
  status: number;
  body: Buffer;
  trailers: Record<string, string | undefined>;
  /** Resolves once the response head arrived. */
}

// A POST /tts over node:http (fetch hides trailers); `head` resolves when the status line arrived.
function post(url: string, text: string): { head: Promise<number>; done: Promise<Answer> } {
  let onHead: (status: number) => void = () => undefined;
  const head = new Promise<number>((resolve) => (onHead = resolve));
  const done = new Promise<Answer>((resolve, reject) => {
    const body = new URLSearchParams({ text }).toString();
    const req = request(`${url}/tts`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      onHead(res.statusCode ?? 0);
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), trailers: res.trailers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
  return { head, done };
}


describe('serve: SIGTERM drains queued work instead of dropping it', () => {
  it('in flight and queued requests that fit in the window run; a new one gets 503 CLOSED (JSON)', async () => {
    const { child } = await serve(['--workers', '1', '--port', '0', '--drain-timeout', '60000'], { FRAME_MS: '30' });
    const url = await listening(child);
    await lineOf(child.stderr!, /worker\(s\) ready/);
    const text = 'A sentence that takes about a second to speak.';
    const first = post(url, text);
    expect(await first.head).toBe(200);
    const queued = [post(url, text), post(url, text)];
    await waitUntil(async () => /pocket_tts_queue_depth\{mode="server"\} 2/.test(await (await fetch(`${url}/metrics`)).text()), { what: 'two queued requests', timeoutMs: 10_000 });
    process.kill(child.pid ?? 0, 'SIGTERM'); // not child.kill: execa would SIGKILL it 5 s later
    await lineOf(child.stderr!, /shutting down/);
    const late = await fetch(`${url}/tts`, { method: 'POST', body: new URLSearchParams({ text }) });
    expect([late.status, ((await late.json()) as { code?: string }).code]).toEqual([503, 'CLOSED']);
    for (const answer of await Promise.all([first.done, ...queued.map((q) => q.done)])) {
      expect(answer.status).toBe(200);
      expect(answer.trailers['x-pocket-tts-error']).toBeUndefined();
      expect(answer.body.length).toBeGreaterThan(44 + 24_000);
    }
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(0);
  });

  it('at the end of the window: a queued request gets 503 CLOSED, a running one ends with the error trailer', async () => {
    const dir = await tempDir('ptr-serve-drain-');
    const fail = join(dir, 'fail');
    await writeFile(fail, 'hang');
    const { child } = await serve(['--workers', '1', '--port', '0', '--drain-timeout', '1000'], { FAIL_FILE: fail, FAIL_AFTER_FRAMES: '1' });
    const url = await listening(child);
    await lineOf(child.stderr!, /worker\(s\) ready/);
    const hanging = post(url, 'This one hangs after its first frame.');
    expect(await hanging.head).toBe(200);
    await rm(fail);
    const queued = post(url, 'This one waits in the queue.');
    await waitUntil(async () => /pocket_tts_queue_depth\{mode="server"\} 1/.test(await (await fetch(`${url}/metrics`)).text()), { what: 'a queued request', timeoutMs: 10_000 });
    process.kill(child.pid ?? 0, 'SIGTERM'); // not child.kill: execa would SIGKILL it 5 s later
    const [cut, refused] = await Promise.all([hanging.done, queued.done]);
    expect(cut.status).toBe(200);
    expect(decodeURIComponent(cut.trailers['x-pocket-tts-error'] ?? '')).toContain('CLOSED');
    expect(refused.status).toBe(503);
    expect((JSON.parse(refused.body.toString()) as { code?: string }).code).toBe('CLOSED');
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(0);
  });
});
