// OpenAI's speech endpoint on the `serve` front: `POST /v1/audio/speech` with a JSON body, audio streamed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../errors.js';
import { dispatchForm } from '../dispatch.js';
import { checkText, defaultTextLimits, DEFAULT_BODY_TIMEOUT_MS, readBody } from '../body.js';
import type { FrontOptions } from '../front.js';
import { HttpRequestRecord } from '../record.js';
import { streamRun, type AudioAnswer } from '../stream.js';
import { openAiError, sendOpenAiError } from './errors.js';
import { speechRequest, type SpeechFormat } from './request.js';

/** The route. */
export const SPEECH_PATH = '/v1/audio/speech';

const ANSWERS: Record<SpeechFormat, AudioAnswer> = {
  wav: { headers: { 'content-type': 'audio/wav' }, rawPcm: false, fail: sendOpenAiError },
  pcm: { headers: { 'content-type': 'audio/pcm' }, rawPcm: true, fail: sendOpenAiError },
};

/**
 * Answers OpenAI's speech request: `model` is accepted and ignored (the pool serves one model), `voice` is a
 * catalog or exported voice name, `response_format` wav (upstream's streamed WAV) or pcm (its samples), and
 * every failure is OpenAI's `{ error: { message, type, param, code } }` with the pool's statuses.
 */
export async function speech(req: IncomingMessage, res: ServerResponse, options: FrontOptions): Promise<void> {
  const arrived = options.pool.arriving();
  try {
    const record = new HttpRequestRecord((event) => options.onRequest?.(event));
    const refuse = (status: number, body: ReturnType<typeof openAiError>['body']): void => {
      record.refused(status, { code: body.error.code });
      sendJson(res, status, body);
    };
    const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
    const body = await readBody(req, options.maxBodyBytes, bodyTimeoutMs);
    if (body === 'too-large') {
      const tooLarge = openAiError(`request body over ${options.maxBodyBytes} bytes`, null, 'INVALID_INPUT', 413);
      return refuse(tooLarge.status, tooLarge.body);
    }
    if (body === 'timeout') {
      const stalled = openAiError(`request body not received within ${bodyTimeoutMs} ms`, null, 'TIMEOUT', 408);
      record.refused(stalled.status, { code: stalled.body.error.code });
      return sendJson(res, stalled.status, stalled.body, { connection: 'close' });
    }
    const checked = await speechRequest(body, options.voices ?? new Map());
    if ('status' in checked) return refuse(checked.status, checked.body);
    // The same text rules as /tts and createTts (length, NUL, unpaired surrogates).
    const text = checkText(checked.form.text, options.textLimits ?? defaultTextLimits());
    if (typeof text !== 'string') {
      const refused = openAiError(String(text.body.detail), 'input', String(text.body.code), text.status);
      return refuse(refused.status, refused.body);
    }
    checked.form.text = text;
    const answer = ANSWERS[checked.format];
    await dispatchForm(checked.form, res, options, record, arrived, { respond: (run, out) => streamRun(run, out, answer), fail: sendOpenAiError });
  } finally {
    arrived();
  }
}
