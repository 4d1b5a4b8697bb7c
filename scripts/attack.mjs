#!/usr/bin/env node
/* global fetch, AbortSignal */
// Issue 20's attack set against `pocket-tts-runtime serve` and `generate` with the contract double; counts
// cases, crashes (the server gone), 5xx, leaks (paths, tracebacks, HF_TOKEN in any output) and orphans.
//   node scripts/attack.mjs --executable /path/to/double/venv/bin/pocket-tts   (after npm run build)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { leaks, raw as rawExchange } from '../test/support/raw-http.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const CLI = new URL('../dist/src/cli/main.js', import.meta.url).pathname;
const at = process.argv.indexOf('--executable');
const executable = at > 0 ? process.argv[at + 1] : process.env.POCKET_TTS_EXECUTABLE;
if (executable === undefined) throw new Error('usage: node scripts/attack.mjs --executable /path/to/pocket-tts (the contract double)');
const SECRET = 'hf_attackSecretToken1234567890';
const env = { ...process.env, CI: '1', HF_TOKEN: SECRET, POCKET_TTS_DOUBLE_LOAD_MS: '20', POCKET_TTS_DOUBLE_FRAME_MS: '1', POCKET_TTS_DOUBLE_SHUTDOWN_MS: '0' };
const counts = { cases: 0, crashes: 0, fiveXX: 0, leaks: 0, orphans: 0 };
const leaky = (text) => leaks(text).length > 0;

const raw = (port, bytes, ms = 3_000) => rawExchange(port, bytes, ms);

const B = 'attackb0undary';
const form = (parts) => {
  const body = Buffer.concat([...parts.map(([name, value, filename]) => Buffer.concat([Buffer.from(`--${B}\r\ncontent-disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n`), Buffer.from(value), Buffer.from('\r\n')])), Buffer.from(`--${B}--\r\n`)]);
  return Buffer.concat([Buffer.from(`POST /tts HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: multipart/form-data; boundary=${B}\r\ncontent-length: ${body.length}\r\n\r\n`), body]);
};
const line = (text) => Buffer.from(`${text}\r\nhost: x\r\nconnection: close\r\n\r\n`);
const HTTP_CASES = [
  ...['GET //', 'GET ///', 'GET //tts', 'GET http://[::1 HTTP/1.1', 'GET http://a:99999/', 'GET /%zz', 'GET *', 'GET /../../etc/passwd', 'BREW /tts', 'GET /tts', 'DELETE /health', 'GET /' + 'a'.repeat(20_000)].map((l) => line(l.includes('HTTP/') ? l : `${l} HTTP/1.1`)),
  Buffer.from('garbage\r\n\r\n'),
  Buffer.from('GET / HTTP/1.1\r\nhost: x\r\nx: ' + 'y'.repeat(70_000) + '\r\n\r\n'),
  Buffer.from('POST /tts HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\ncontent-length: 5\r\n\r\n0\r\n\r\n'),
  Buffer.from('POST /tts HTTP/1.1\r\nhost: x\r\ncontent-type: multipart/form-data\r\ncontent-length: 3\r\nconnection: close\r\n\r\nabc'),
  Buffer.from('POST /tts HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 9\r\nconnection: close\r\n\r\ntext=%ZZ1'),
  form([['text', 'x'.repeat(25_000)]]),
  form([['text', 'a\u0000b']]),
  form([['text', Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x62])]]),
  form([['text', 'Hello.'], ['voice_wav', 'this is not audio', 'v.wav']]),
  form([['text', 'Hello.'], ['voice_wav', 'RIFF\u0000\u0000\u0000\u0000WAVE', '../../etc/passwd']]),
  form([['text', 'Hello.'], ['voice_url', 'no-such-voice']]),
  form([['text', 'Hello.'], ['voice_url', 'file:///etc/passwd']]),
  form([['text', 'Hello.'], ['voice_url', '../../../etc/passwd']]),
  form([['text', 'Hello.'], ['voice_url', 'hf://kyutai/x/../../y']]),
  form([['text', 'Hello.'], ['voice_url', 'http://169.254.169.254/latest']]),
  form([['text', '   ']]),
  form([['voice_url', 'alba']]),
  form(Array.from({ length: 1_200 }, (_, i) => [`f${i}`, 'x'])),
  form([['text', 'Hello there, a normal request.']]),
  Buffer.from(`POST /tts HTTP/1.1\r\nhost: x\r\ncontent-type: multipart/form-data; boundary=${B}\r\ncontent-length: 1000\r\n\r\n--${B}\r\n`), // stalls
];

async function descendants(pid) {
  const all = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => null);
    if (stat === null) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z') all.push({ pid: Number(name), ppid: Number(fields[1]) });
  }
  const found = [];
  for (let queue = [pid], p = queue.shift(); p !== undefined; p = queue.shift()) {
    for (const c of all) {
      if (c.ppid !== p) continue;
      found.push(c.pid);
      queue.push(c.pid);
    }
  }
  return found;
}
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return readFile(`/proc/${pid}/stat`, 'utf8').then((s) => !/\) Z /.test(s), () => false);
  } catch {
    return false;
  }
};

// Counts the survivors of a killed parent, and kills them.
async function reap(pids) {
  for (const pid of pids) {
    if (!(await alive(pid))) continue;
    counts.orphans++;
    process.kill(pid, 'SIGKILL');
  }
}

// serve: every HTTP case, /health after each, then kill -9 and count what survives.
const serve = spawn(process.execPath, [CLI, 'serve', '--executable', executable, '--workers', '2', '--port', '0', '--body-timeout', '1000'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
let log = '';
serve.stderr.on('data', (c) => (log += c));
const port = await new Promise((resolve, reject) => {
  const poll = setInterval(() => {
    const m = /ready on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
    if (m === null) return;
    clearInterval(poll);
    resolve(Number(m[1]));
  }, 50);
  serve.once('exit', () => reject(new Error(`serve exited:\n${log}`)));
});
for (const bytes of HTTP_CASES) {
  counts.cases++;
  const answer = await raw(port, bytes);
  if (answer.status >= 500 && !(answer.status === 503 && /retry-after/i.test(answer.text))) {
    counts.fiveXX++;
    console.log(`5xx: ${answer.text.slice(0, 160)}`);
  }
  if (leaky(answer.text)) {
    counts.leaks++;
    console.log(`leak: ${answer.text.slice(0, 300)}`);
  }
  const health = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3_000) }).then((r) => r.status, () => 0);
  if (health === 0 || serve.exitCode !== null) {
    counts.crashes++;
    console.log(`crash after: ${bytes.toString('latin1').slice(0, 80)}`);
    break;
  }
}
if (log.includes(SECRET)) {
  counts.leaks++;
  console.log('leak: HF_TOKEN in the server log');
}
const tree = await descendants(serve.pid);
serve.kill('SIGKILL');
await sleep(2_000);
await reap(tree);

// generate: kill -9 while the child loads; --out special targets; bad flags.
const dir = await mkdtemp(join(tmpdir(), 'ptr-attack-'));
const gen = spawn(process.execPath, [CLI, 'generate', '--executable', executable, '--text', 'hi', '--out', join(dir, 'a.wav')], { env: { ...env, POCKET_TTS_DOUBLE_LOAD_MS: '60000' }, stdio: 'ignore' });
counts.cases++;
await sleep(3_000);
const genTree = await descendants(gen.pid);
gen.kill('SIGKILL');
await sleep(2_000);
await reap(genTree);
spawnSync('mknod', [join(dir, 'full'), 'c', '1', '7']);
const cliCases = [
  ['--out', join(dir, 'full')],
  ['--out', ''],
  ['--out', dir],
  ['--voice', 'no-such-voice', '--out', join(dir, 'b.wav')],
  ['--config', '/etc/passwd', '--out', join(dir, 'c.wav')],
];
for (const extra of cliCases) {
  counts.cases++;
  const result = spawnSync(process.execPath, [CLI, 'generate', '--executable', executable, '--text', 'hi', ...extra], { env, encoding: 'utf8', timeout: 20_000 });
  const text = `${result.stdout}${result.stderr}`;
  // The CLI may name the user's own paths; a stack, a traceback or the token is a leak.
  if (/INTERNAL|\n\s+at |Traceback/.test(text) || text.includes(SECRET)) {
    counts.leaks++;
    console.log(`cli leak/stack (${extra.join(' ')}): ${text.slice(0, 200)}`);
  }
}
const deviceIntact = (await import('node:fs')).lstatSync(join(dir, 'full'), { throwIfNoEntry: false })?.isCharacterDevice() ?? null;
await rm(dir, { recursive: true, force: true });
console.log(JSON.stringify({ ...counts, deviceIntact }));
