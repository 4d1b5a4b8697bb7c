// POST /tts over Node's http module: one connection per request, the body streamed back as it arrives.
import { request, type IncomingMessage } from 'node:http';
import { stopReason } from '../../../errors/termination.js';
import { encodeForm, type TtsForm } from './form.js';
import type { HttpAnswer } from './status.js';

/**
 * Sends `form` to `${baseUrl}/tts` as multipart/form-data and resolves with the response once its headers
 * arrived; rejects when the connection fails, or when `cancel` aborts (the connection is destroyed: the
 * server sees the client go away). A fresh connection per request (no keep-alive): no stale pooled socket
 * can be mistaken for a crashed server, and a cancel closes exactly this request.
 */
export async function postTts(baseUrl: string, form: TtsForm, cancel: AbortSignal): Promise<IncomingMessage> {
  const { body, contentType } = await encodeForm(form);
  const req = request(`${baseUrl}/tts`, {
    method: 'POST',
    agent: false,
    signal: cancel,
    headers: { 'content-type': contentType, 'content-length': body.length, accept: 'audio/wav' },
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject); // a later error (after the response) shows on the response: settled already
  });
  req.end(body);
  return response;
}

/** Reads a non-audio answer (at most `limit` bytes of it) for the status mapping. */
export async function readAnswer(res: IncomingMessage, limit = 1_048_576): Promise<HttpAnswer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    if (size < limit) chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, limit), contentType: res.headers['content-type'] };
}

/**
 * Resolves when the response body has fully arrived and was read ('end'), without waiting for the
 * connection to close as stream.finished would; rejects when the connection breaks first, or when `signal`
 * aborts (a complete body that nobody reads would otherwise never end).
 */
export function responseEnd(res: IncomingMessage, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (res.readableEnded) return resolve();
    const settle = (error?: Error): void => {
      res.off('end', onEnd).off('error', onError).off('close', onClose);
      signal.removeEventListener('abort', onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onEnd = (): void => settle();
    const onError = (error: Error): void => settle(error);
    // 'close' before 'end': the body was cut off (a complete body still ends once read).
    const onClose = (): void => {
      if (!res.complete || res.destroyed) settle(new Error('the connection closed before the response ended'));
    };
    const onAbort = (): void => settle(stopReason(signal));
    res.on('end', onEnd).on('error', onError).on('close', onClose);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
