// The front's optional bearer token (`serve --token`): compared in constant time, never logged or echoed.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { openAiError } from './openai/errors.js';
import { sendJson } from './errors.js';

// Digests of equal length, so neither the compare nor its early exits tell the token's length or prefix.
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** A request check: true when `Authorization: Bearer <token>` carries the token. */
export function bearerCheck(token: string): (req: IncomingMessage) => boolean {
  const expected = digest(token);
  return (req) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '');
    return timingSafeEqual(digest(match?.[1] ?? ''), expected) && match !== null;
  };
}

/** 401 with `WWW-Authenticate: Bearer`, in OpenAI's error shape on its route and upstream's elsewhere. */
export function sendUnauthorized(res: ServerResponse, openAi: boolean): void {
  const message = 'missing or wrong bearer token (Authorization: Bearer <token>)';
  const headers = { 'www-authenticate': 'Bearer realm="pocket-tts-runtime"' };
  if (openAi) return sendJson(res, 401, openAiError(message, null, 'UNAUTHORIZED', 401).body, headers);
  sendJson(res, 401, { detail: message, code: 'UNAUTHORIZED' }, headers);
}
