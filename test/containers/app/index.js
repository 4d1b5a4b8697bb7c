// The container tier's stand-in for a user's service: the smallest Node service the recipes in docker/ are
// written for. GET /health answers 200 once the runner is ready; POST /speak {"text","voice"} answers a WAV;
// GET /metrics the runner's metrics. SIGTERM: stop accepting, finish requests in flight, close the runner.
// With POCKET_TTS_URL it talks to a pool container by URL; without it, it runs pocket-tts in this container.
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTts, isTtsError, metricsHandler } from 'pocket-tts-runtime';

const url = process.env.POCKET_TTS_URL;
const concurrency = Number(process.env.POCKET_TTS_CONCURRENCY ?? '2');
const port = Number(process.env.PORT ?? '3000');
const log = (fields) => console.log(JSON.stringify({ time: new Date().toISOString(), ...fields }));

let tts;
let ready = false;
let closing = false;

// The pool may start after this service (Kubernetes starts a pod's containers together): retry until ready.
async function start() {
  while (!closing) {
    tts = createTts({ ...(url ? { mode: 'server', server: { url, workers: concurrency } } : { mode: 'cli', concurrency }), metrics: true });
    try {
      await tts.ready();
      ready = true;
      log({ msg: 'ready', url: url ?? null });
      return;
    } catch (error) {
      log({ msg: 'not ready', code: error.code, error: error.message });
      await tts.close();
      await sleep(1000);
    }
  }
}

const metrics = metricsHandler();

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function send(res, status, body, type = 'application/json') {
  const data = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(data) }).end(data);
}

const server = createServer(async (req, res) => {
  try {
    if (req.method === 'GET' && req.url === '/health') return send(res, ready && !closing ? 200 : 503, { ready, closing });
    if (req.method === 'GET' && req.url === '/metrics') return metrics(req, res);
    if (req.method === 'POST' && req.url === '/speak') {
      if (!ready) return send(res, 503, { code: 'NOT_READY' });
      const { text, voice } = await readJson(req);
      log({ msg: 'speak started', chars: String(text).length, voice: voice ?? null });
      const result = await tts.generate({ text, ...(voice ? { voice } : {}) });
      log({ msg: 'speak done', bytes: result.wav.length, durationMs: result.durationMs });
      return send(res, 200, result.wav, 'audio/wav');
    }
    return send(res, 404, { code: 'NOT_FOUND' });
  } catch (error) {
    log({ msg: 'speak failed', code: error.code, error: error.message });
    return send(res, isTtsError(error) && ['INVALID_INPUT', 'INVALID_VOICE'].includes(error.code) ? 400 : 500, { code: isTtsError(error) ? error.code : 'INTERNAL', message: error.message });
  }
});

async function shutdown(signal) {
  if (closing) return;
  closing = true;
  log({ msg: 'draining', signal });
  // Stop accepting; close() calls back once every response in flight has been sent.
  await new Promise((resolve) => server.close(resolve));
  await tts?.close({ drain: true });
  log({ msg: 'stopped' });
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

server.listen(port, '0.0.0.0', () => log({ msg: 'listening', port }));
void start();
