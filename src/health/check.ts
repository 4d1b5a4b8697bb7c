// The one /health client: the pool's readiness and health checks, and the `health` command.
import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What a GET of a /health URL came back with. */
export interface HealthAnswer {
  /** The HTTP status, or null when it could not be asked (refused, reset, timed out). */
  status: number | null;
  /** The body (at most 500 characters), or why there is no answer. */
  body: string;
}

const BODY_CHARS = 500;

/**
 * GETs `url` once on a fresh connection (no keep-alive: a stale pooled socket must not look like a dead
 * server), giving up after `timeoutMs` for the whole exchange. Never rejects.
 */
export function askHealth(url: string, { timeoutMs, agent }: { timeoutMs: number; agent?: Agent }): Promise<HealthAnswer> {
  return new Promise((resolve) => {
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    const settle = (answer: HealthAnswer): void => {
      clearTimeout(timer);
      resolve(answer);
    };
    const req = request(url, { method: 'GET', agent: agent ?? false }, (res) => void readBody(res).then((body) => settle({ status: res.statusCode ?? null, body }), (error: Error) => settle({ status: null, body: error.message })));
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.once('error', (error) => settle({ status: null, body: error.message }));
    req.end();
  });
}

/** The status GET `<baseUrl>/health` answered, or null when it could not be asked. */
export async function getHealth(baseUrl: string, options: { timeoutMs: number; agent?: Agent }): Promise<number | null> {
  return (await askHealth(`${baseUrl}/health`, options)).status;
}

/** What a health probe found. */
export interface HealthResult {
  url: string;
  ok: boolean;
  status: number | null;
  body: string;
  ms: number;
}

/**
 * GET `<url>/health` with a deadline: ok only for HTTP 200. For container HEALTHCHECKs and probes of a
 * pool started with `pocket-tts-runtime serve` (or of an upstream `pocket-tts serve`).
 */
export async function checkHealth(url: string, timeoutMs = 3_000): Promise<HealthResult> {
  const target = new URL('/health', url).toString();
  const started = performance.now();
  const { status, body } = await askHealth(target, { timeoutMs });
  return { url: target, ok: status === 200, status, body, ms: performance.now() - started };
}

async function readBody(res: IncomingMessage): Promise<string> {
  let body = '';
  res.setEncoding('utf8');
  for await (const chunk of res) if (body.length < BODY_CHARS) body += chunk as string;
  return body.slice(0, BODY_CHARS);
}
