// `pocket-tts-runtime serve`: one HTTP endpoint with upstream's wire API in front of the pool.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestEvent } from '../events/index.js';
import { baseUrl } from '../engines/pool/wire/url.js';
import { HttpRequestRecord } from './record.js';
import { metricsHandler } from '../metrics/handler.js';
import type { MetricsRegistry } from '../metrics/registry.js';
import type { Logger } from '../request/logger.js';
import { FormParseError, parseForm } from './form-parse.js';
import { formFromRequest, type FormRefusal } from './form.js';
import { namedVoice } from './voice.js';
import { isRemoteVoice } from '../request/voice.js';
import type { TtsForm } from '../engines/pool/wire/form.js';
import { sendError, sendJson } from './errors.js';
import { streamRun } from './stream.js';
import { dispatchForm } from './dispatch.js';
import { speech, SPEECH_PATH } from './openai/speech.js';
import type { Pool } from '../engines/pool/dispatch/pool.js';
import { checkText, defaultTextLimits, DEFAULT_BODY_TIMEOUT_MS, readBody, type TextLimits } from './body.js';
import { TtsError } from '../errors/index.js';
import { bearerCheck, sendUnauthorized } from './auth.js';

/** The front's settings. */
export interface FrontOptions {
  pool: Pool;
  /** Interface to listen on (127.0.0.1 unless configured otherwise). */
  host: string;
  /** Port (0: any free one). */
  port: number;
  allowRemoteVoices: boolean;
  /** Per request, queueing included. */
  timeoutMs: number;
  /** Largest request body (text plus an uploaded voice). */
  maxBodyBytes: number;
  /** How long a request body may take to arrive, from the request's head to its last byte (default 30,000 ms; then 408). */
  bodyTimeoutMs?: number | undefined;
  /** The text rules, as createTts applies them (default: createTts's own defaults, 20,000 characters and `strip`). */
  textLimits?: TextLimits | undefined;
  log: Logger;
  /** Serves `GET /metrics` from this registry (an addition: not part of upstream's API). */
  metrics?: MetricsRegistry | undefined;
  /** Exported voices by name (`/tts`'s `voice_url`, `/v1/audio/speech`'s `voice`), name → `.safetensors` file. */
  voices?: ReadonlyMap<string, string> | undefined;
  /** When set, every route but `GET /health` needs `Authorization: Bearer <token>` (401 otherwise). Never logged. */
  token?: string | undefined;
  /** Told of every settled `POST /tts` (api `http`), refusals included. */
  onRequest?: ((event: RequestEvent) => void) | undefined;
}

/** A listening front. */
export interface Front {
  /** `http://host:port`. */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /**
   * Shutting down: new requests get 503 (code CLOSED, `Connection: close`) and /health 503, instead of a
   * refused connection; requests already received go on.
   */
  startDraining(): void;
  /** Closes every connection, after the responses still being written have ended (at most `graceMs`, default 2,000). */
  close(graceMs?: number): Promise<void>;
}

/**
 * Listens for `GET /health` (200 `{"status":"healthy"}` while at least one worker is up, else 503) and
 * `POST /tts` (upstream's form fields, statuses and chunked `audio/wav`), spreading requests over the
 * pool; with `metrics`, also `GET /metrics`. A client that disconnects aborts its request, which stops its
 * sidecar's generation.
 */
export async function startFront(options: FrontOptions): Promise<Front> {
  const authorized = options.token === undefined ? () => true : bearerCheck(options.token);
  const answering = new Set<ServerResponse>();
  let draining = false;
  const server = createServer((req, res) => {
    if (draining) return shuttingDown(req, res);
    answering.add(res);
    res.once('close', () => answering.delete(res));
    route(req, res, options, authorized).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(listenError(error, options.host, options.port)));
    server.listen({ host: options.host, port: options.port }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: baseUrl(options.host, port),
    port,
    server,
    startDraining: () => {
      draining = true; // idle keep-alive connections stay open: their next request gets the 503
    },
    close: async (graceMs = 2_000) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A response whose run just ended still writes its last chunk or its error trailer.
      const deadline = Date.now() + graceMs;
      while (answering.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      server.closeAllConnections();
      await closed;
    },
  };
}

// Why the front cannot listen, in words an operator acts on (never Node's stack): SERVER_START_FAILED with a fix.
function listenError(error: NodeJS.ErrnoException, host: string, port: number): TtsError {
  const where = `${host}:${port}`;
  const reasons: Record<string, [string, string]> = {
    EADDRINUSE: [`${where} is already in use`, `stop what listens on ${where}, or pick another port: pocket-tts-runtime serve --port 0 (any free port)`],
    EACCES: [`no permission to listen on ${where} (ports below 1024 need root or CAP_NET_BIND_SERVICE)`, 'pick a port above 1023: pocket-tts-runtime serve --port 8000'],
    EADDRNOTAVAIL: [`${host} is not an address of this machine`, 'listen on an address of this machine: pocket-tts-runtime serve --host 127.0.0.1'],
    ENOTFOUND: [`the host name ${host} does not resolve`, 'listen on an address of this machine: pocket-tts-runtime serve --host 127.0.0.1'],
  };
  const [message, hint] = reasons[error.code ?? ''] ?? [`cannot listen on ${where}: ${error.code ?? error.message}`, 'pick another address or port: pocket-tts-runtime serve --host 127.0.0.1 --port 0'];
  return new TtsError('SERVER_START_FAILED', `the front cannot listen: ${message}`, { hint, details: { host, port, errno: error.code }, cause: error });
}

async function route(req: IncomingMessage, res: ServerResponse, options: FrontOptions, authorized: (req: IncomingMessage) => boolean): Promise<void> {
  res.on('error', () => undefined); // a client gone mid-answer is not the server's failure
  const path = requestPath(req.url);
  if (path === null) return sendJson(res, 400, { detail: 'Bad Request' });
  if (path !== '/health' && !authorized(req)) return sendUnauthorized(res, path.startsWith('/v1/'));
  const metrics = path === '/metrics' ? options.metrics : undefined;
  const allowed = path === '/health' || metrics !== undefined ? ['GET', 'HEAD'] : path === '/tts' || path === SPEECH_PATH ? ['POST'] : null;
  try {
    if (allowed === null) return sendJson(res, 404, { detail: 'Not Found' });
    if (!allowed.includes(req.method ?? '')) return sendJson(res, 405, { detail: 'Method Not Allowed' }, { allow: allowed[0] ?? 'GET' });
    if (path === '/health') return health(res, options.pool);
    if (metrics !== undefined) return metricsHandler(metrics)(req, res);
    if (path === SPEECH_PATH) return await speech(req, res, options);
    await tts(req, res, options);
  } catch (error) {
    options.log.error({ error: String(error) }, 'pool front: request failed');
    sendError(res, error);
  }
}

// While shutting down: 503 for every request (the body is not read), /health included, and the connection closed.
function shuttingDown(req: IncomingMessage, res: ServerResponse): void {
  res.on('error', () => undefined);
  const headers = { connection: 'close', 'retry-after': '1' };
  if (requestPath(req.url) === '/health') return sendJson(res, 503, { status: 'shutting down', detail: 'the server is shutting down' }, headers);
  sendJson(res, 503, { detail: 'the server is shutting down: send this request to another instance', code: 'CLOSED' }, headers);
}

/** The path of a request target (origin form, or absolute form), or null when it is not one. */
export function requestPath(target: string | undefined): string | null {
  if (target === undefined || target === '') return null;
  if (target.startsWith('/')) return target.split(/[?#]/, 1)[0] ?? null;
  if (!/^https?:\/\//i.test(target)) return null;
  try {
    return new URL(target).pathname;
  } catch {
    return null;
  }
}

function health(res: ServerResponse, pool: Pool): void {
  if (pool.readyCount() > 0) return sendJson(res, 200, { status: 'healthy' });
  sendJson(res, 503, { status: 'unavailable', detail: 'no pocket-tts worker is ready' }, { 'retry-after': '1' });
}

// Counted as on its way while its body is read and parsed, so a long text already held leaves it a worker.
async function tts(req: IncomingMessage, res: ServerResponse, options: FrontOptions): Promise<void> {
  const arrived = options.pool.arriving();
  try {
    await ttsArrived(req, res, options, arrived);
  } finally {
    arrived();
  }
}

async function ttsArrived(req: IncomingMessage, res: ServerResponse, options: FrontOptions, arrived: () => void): Promise<void> {
  const record = new HttpRequestRecord((event) => options.onRequest?.(event));
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const body = await readBody(req, options.maxBodyBytes, bodyTimeoutMs);
  if (body === 'too-large') return refuse(res, record, 413, { detail: `request body over ${options.maxBodyBytes} bytes` });
  if (body === 'timeout') return refuse(res, record, 408, { detail: `request body not received within ${bodyTimeoutMs} ms` }, { connection: 'close' });
  let parsed;
  try {
    parsed = await parseForm(req.headers['content-type'], body, { maxBytes: options.maxBodyBytes });
  } catch (error) {
    if (error instanceof FormParseError) return refuse(res, record, 400, { detail: 'There was an error parsing the body' });
    throw error;
  }
  const asked = formFromRequest(parsed, { allowRemoteVoices: options.allowRemoteVoices });
  if ('status' in asked) return refuse(res, record, asked.status, asked.body);
  const form = await withNamedVoice(asked, options.voices ?? new Map());
  if ('status' in form) return refuse(res, record, form.status, form.body);
  const text = checkText(form.text, options.textLimits ?? defaultTextLimits());
  if (typeof text !== 'string') return refuse(res, record, text.status, text.body);
  form.text = text;
  await dispatchForm(form, res, options, record, arrived, {
    respond: (run, out) => streamRun(run, out),
    fail: (out, error) => {
      options.log.warn({ error: String(error), stderr: error instanceof TtsError ? error.stderr : undefined }, 'pool front: request failed');
      sendError(out, error);
    },
  });
}

// A voice_url that names a voice (not a URL) is resolved here, as generate resolves it: an exported name is
// sent as its state, a catalog name as itself, anything else is refused with the known names. Both voice
// fields together are left to the sidecar, whose answer is upstream's.
async function withNamedVoice(form: TtsForm, voices: ReadonlyMap<string, string>): Promise<TtsForm | FormRefusal> {
  if (form.voiceUrl === undefined || form.voiceWav !== undefined || isRemoteVoice(form.voiceUrl)) return form;
  const voice = await namedVoice(form.voiceUrl, voices);
  if ('fields' in voice) return { text: form.text, ...voice.fields };
  return { status: voice.status, body: { detail: voice.detail, code: voice.code, field: 'voice' } };
}

// The front's own refusals count as failed requests.
function refuse(res: ServerResponse, record: HttpRequestRecord, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  record.refused(status, body);
  sendJson(res, status, body, headers);
}
