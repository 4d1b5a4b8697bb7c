// The front under hostile requests: nothing ends the server, every refusal is a 4xx, no body leaks a path or a traceback.
// FUZZ_RUNS=5000 FUZZ_SEED=… npx vitest run test/serve/hostile.test.ts is the longer, nightly-style run.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, resolveServerOptions, type Pool } from '../../src/engines/pool/index.js';
import { silentLogger } from '../../src/request/index.js';
import { startFront, type Front } from '../../src/serve/index.js';
import { FAST, sidecarRuntime } from '../engines/pool/support.js';
import { descendantsOf, waitUntil } from '../support/processes.js';
import { leaks, raw as rawExchange } from '../support/raw-http.mjs';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20);

// The test's default wait for an answer (the attack script waits longer).
const raw = (port: number, bytes: Buffer, ms = 1_500) => rawExchange(port, bytes, ms);

const BOUNDARY = 'fuzzb0undary';
const targets = fc.oneof(
  fc.constantFrom('//', '///', '/tts', '/health', '/metrics', '//tts', '/tts?x=%', '/%zz', '*', 'http://[::1', 'http://a:99999/', '/..%2f..%2fetc/passwd', '/\u0000', '/tts#', '?', '/tts/../health', 'ftp://x/tts', '/' + 'a'.repeat(9000)),
  fc.string({ maxLength: 40 }),
);
const methods = fc.oneof(fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'OPTIONS', 'TRACE', 'CONNECT', 'DELETE', 'PATCH', 'BREW', ''), fc.string({ maxLength: 8 }));
const versions = fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', '', 'http/1.1');
const headerValue = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('multipart/form-data', `multipart/form-data; boundary=${BOUNDARY}`, 'multipart/form-data; boundary=', 'application/x-www-form-urlencoded', 'chunked', '-1', '99999999999999999999', 'gzip'));
const headers = fc.array(fc.tuple(fc.oneof(fc.constantFrom('content-type', 'content-length', 'transfer-encoding', 'expect', 'host', 'authorization', 'connection'), fc.string({ maxLength: 20 })), headerValue), { maxLength: 5 });
const part = fc.record({
  name: fc.oneof(fc.constantFrom('text', 'voice_url', 'voice_wav', 'x'), fc.string({ maxLength: 10 })),
  filename: fc.option(fc.oneof(fc.constantFrom('v.wav', '../../etc/passwd', ''), fc.string({ maxLength: 10 }))),
  value: fc.oneof(fc.constantFrom('hi', '', 'alba', 'no-such-voice', 'hf://x/y', 'http://127.0.0.1:1/v.wav', 'RIFF', '\u0000', '\ud800', 'x'.repeat(30_000)), fc.string({ maxLength: 80 })),
});
const texts = fc.oneof(fc.constantFrom('Hello there.', 'Hi.', '   ', '\u0000', 'a\ud800b', 'x'.repeat(30_000), '\u202e\u0301'), fc.string({ minLength: 1, maxLength: 60 }));
const textPart = texts.map((value) => ({ name: 'text', filename: null, value }));
const encode = (parts: { name: string; filename: string | null; value: string }[]): string => {
  const body = parts.map((p) => `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${p.name}"${p.filename === null ? '' : `; filename="${p.filename}"`}\r\n\r\n${p.value}\r\n`).join('');
  return `${body}--${BOUNDARY}--\r\n`;
};
const multipart = fc.array(part, { maxLength: 3 }).map(encode);
const speakable = fc.tuple(textPart, fc.array(part, { maxLength: 2 })).map(([text, rest]) => encode([text, ...rest]));
const bodies = fc.oneof(multipart, fc.string({ maxLength: 200 }), fc.constantFrom('', 'text=hi', 'text=%ZZ', 'text=a%00b', `--${BOUNDARY}\r\n`, '0\r\n\r\n', 'zz\r\n'));
const request = fc.record({ method: methods, target: targets, version: versions, headers, body: bodies, withLength: fc.boolean() }).map((r) => {
  const lines = [`${r.method} ${r.target} ${r.version}`.trimEnd(), 'host: x', ...r.headers.map(([k, v]) => `${k}: ${v}`)];
  const body = Buffer.from(r.body, 'utf8');
  if (r.withLength) lines.push(`content-length: ${body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
});

// Mostly well-formed POST /tts forms, so the fuzz also reaches the form, the text checks and the pool.
const form = fc.record({ body: fc.oneof(multipart, speakable, speakable), chunked: fc.boolean() }).map(({ body, chunked }) => {
  const bytes = Buffer.from(body, 'utf8');
  const framing = chunked ? 'transfer-encoding: chunked' : `content-length: ${bytes.length}`;
  const payload = chunked ? Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n0\r\n\r\n')]) : bytes;
  return Buffer.concat([Buffer.from(`POST /tts HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: multipart/form-data; boundary=${BOUNDARY}\r\n${framing}\r\n\r\n`), payload]);
});

// fast-check's own report prints the whole counterexample (bodies of 30 kB): the first 600 characters do.
function shortReport(details: fc.RunDetails<[Buffer<ArrayBuffer>]>): void {
  if (!details.failed) return;
  const example = details.counterexample?.[0]?.toString('latin1') ?? '';
  throw new Error(`fuzz failed after ${details.numRuns} cases (seed ${details.seed}, path ${details.counterexamplePath}): ${String(details.errorInstance)}\nrequest: ${JSON.stringify(example.slice(0, 600))}`);
}

/** Status tallies of the last fuzz run (printed, so a run shows what it reached). */
const tally = new Map<string, number>();

describe('the front under hostile requests', () => {
  let pool: Pool;
  let front: Front;

  beforeAll(async () => {
    const runtime = await sidecarRuntime({ FRAME_MS: '0' });
    pool = createPool({ runtime, server: resolveServerOptions({ ...FAST, workers: 1 }), maxQueue: 4, log: silentLogger });
    await pool.start();
    if (process.env.FUZZ_DEBUG !== undefined) for (const name of ['crash', 'recycle', 'failed'] as const) pool.on(name, (data: unknown) => void process.stderr.write(`pool ${name}: ${JSON.stringify(data)}\n`));
    front = await startFront({ pool, host: '127.0.0.1', port: 0, allowRemoteVoices: false, timeoutMs: 10_000, maxBodyBytes: 64 * 1024, log: silentLogger });
  });

  afterAll(async () => {
    await pool.close({ drain: false });
    await front.close();
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  it('a malformed request target (GET //) gets a 4xx and the server keeps serving', async () => {
    for (const target of ['//', '///', '//tts', 'http://[::1']) {
      const answer = await raw(front.port, Buffer.from(`GET ${target} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`));
      expect(answer.status, target).toBeGreaterThanOrEqual(400);
      expect(answer.status, target).toBeLessThan(500);
      expect((await fetch(`${front.url}/health`)).status).toBe(200);
    }
  });

  it('text is checked as createTts checks it, before any work: 413 over maxTextLength (20,000), 400 for a NUL', async () => {
    const send = async (text: string) => {
      const body = new FormData();
      body.append('text', text);
      const res = await fetch(`${front.url}/tts`, { method: 'POST', body });
      return [res.status, ((await res.json()) as { code?: string }).code];
    };
    expect(await send('x'.repeat(25_000))).toEqual([413, 'INVALID_INPUT']);
    expect(await send('a\u0000b')).toEqual([400, 'INVALID_INPUT']);
  });

  it('a stalled request body times out with its own limit: 408, and the server keeps serving', async () => {
    const slow = await startFront({ pool, host: '127.0.0.1', port: 0, allowRemoteVoices: false, timeoutMs: 60_000, bodyTimeoutMs: 300, maxBodyBytes: 64 * 1024, log: silentLogger });
    try {
      const head = `POST /tts HTTP/1.1\r\nhost: x\r\ncontent-type: multipart/form-data; boundary=${BOUNDARY}\r\ncontent-length: 1000\r\n\r\n--${BOUNDARY}\r\n`;
      const answer = await raw(slow.port, Buffer.from(head), 5_000);
      expect(answer.status).toBe(408);
      expect((await fetch(`${slow.url}/health`)).status).toBe(200);
    } finally {
      await slow.close();
    }
  });

  it('a non-audio voice_wav upload is a 4xx with a short message: no path, no traceback', async () => {
    const form = new FormData();
    form.append('text', 'Hello.');
    form.append('voice_wav', new Blob([Buffer.from('this is not audio at all')]), 'voice.wav');
    const res = await fetch(`${front.url}/tts`, { method: 'POST', body: form });
    const text = await res.text();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(leaks(text)).toEqual([]);
    expect(text.length).toBeLessThan(400);
  });

  it(`fuzz: ${RUNS} raw requests (seed ${SEED}); after each /health answers, and no answer is a 5xx or leaks`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(request, form), async (bytes) => {
        const answer = await raw(front.port, bytes, 5_000);
        if (process.env.FUZZ_DEBUG !== undefined && answer.status === null) process.stderr.write(`no answer: ${JSON.stringify(bytes.toString('latin1').slice(0, 300))} -> ${JSON.stringify(answer.text.slice(0, 200))}\n`);
        tally.set(String(answer.status), (tally.get(String(answer.status)) ?? 0) + 1);
        expect(leaks(answer.text)).toEqual([]);
        // 503 with retry-after is the server alive and briefly without a ready worker; every other 5xx is a failure.
        if (answer.status !== null && !(answer.status === 503 && /\r\nretry-after:/i.test(answer.text))) expect(answer.status).toBeLessThan(500);
        // Answers at once: 200, or 503 while a worker that a bad voice made the pool replace comes back.
        expect([200, 503]).toContain((await fetch(`${front.url}/health`, { signal: AbortSignal.timeout(2_000) })).status);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true, reporter: shortReport },
    );
    await waitUntil(async () => (await fetch(`${front.url}/health`)).status === 200, { what: 'a ready worker after the run', timeoutMs: 30_000 });
    process.stderr.write(`fuzz statuses: ${JSON.stringify(Object.fromEntries(tally))}\n`);
  }, 120_000);
});
