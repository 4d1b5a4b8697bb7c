import { describe, expect, it } from 'vitest';
import { answerError, backoffDelay } from '../../../src/engines/pool/index.js';

const json = 'application/json';
const traceback = (last: string): string[] => ['ERROR:    Exception in ASGI application', 'Traceback (most recent call last):', '  File "x.py", line 1, in f', '    g()', last];

describe('answerError: a /tts answer that is not audio → TtsError', () => {
  it.each([
    ['blank text', 400, '{"detail":"Text cannot be empty"}', json, null, 'INVALID_INPUT', 'text'],
    ['bad voice_url', 400, '{"detail":"voice_url must start with http://, https://, or hf://"}', json, null, 'INVALID_VOICE', 'voice'],
    ['both voices', 400, '{"detail":"Cannot provide both voice_url and voice_wav"}', json, null, 'INVALID_VOICE', 'voice'],
    ['unparsable body', 400, '{"detail":"There was an error parsing the body"}', json, null, 'INVALID_INPUT', undefined],
    ['missing text', 422, '{"detail":[{"type":"missing","loc":["body","text"],"msg":"Field required","input":null}]}', json, null, 'INVALID_INPUT', 'text'],
    ['voice_wav as a field', 422, '{"detail":[{"type":"value_error","loc":["body","voice_wav"],"msg":"Value error"}]}', json, null, 'INVALID_INPUT', 'voice'],
    ['500: WAV voice not a WAV', 500, 'Internal Server Error', 'text/plain', traceback('wave.Error: file does not start with RIFF id'), 'INVALID_VOICE', 'voice'],
    ['500: cloning unavailable', 500, 'Internal Server Error', 'text/plain', traceback('ValueError: We could not download the weights for the model with voice cloning, sorry'), 'VOICE_CLONING_UNAVAILABLE', undefined],
    ['500: unknown exception', 500, 'Internal Server Error', 'text/plain', traceback('KeyError: boom'), 'PROCESS_FAILED', undefined],
    ['500: no traceback', 500, 'Internal Server Error', 'text/plain', [], 'PROCESS_FAILED', undefined],
    ['500: external pool without logs', 500, 'Internal Server Error', 'text/plain', null, 'PROCESS_FAILED', undefined],
    ['pool front: its code', 429, '{"detail":"all workers are busy","code":"QUEUE_FULL"}', json, null, 'QUEUE_FULL', undefined],
    ['pool front: code and field', 500, '{"detail":"wave.Error: x","code":"INVALID_VOICE","field":"voice","stderr":"tb"}', json, null, 'INVALID_VOICE', 'voice'],
    ['unexpected status', 502, 'Bad Gateway', 'text/plain', null, 'PROCESS_FAILED', undefined],
  ] as const)('%s', (_name, status, body, contentType, stderr, code, field) => {
    const error = answerError({ status, body, contentType }, { stderr: stderr === null ? null : [...stderr] });
    expect(error.code).toBe(code);
    expect(error.field).toBe(field);
    expect(error.details.status).toBe(status);
  });

  it('keeps the server detail as the message and the traceback as the stderr excerpt', () => {
    const bad = answerError({ status: 400, body: '{"detail":"Text cannot be empty"}', contentType: json }, { stderr: null });
    expect(bad.shortMessage).toBe('Text cannot be empty');
    const lines = traceback('wave.Error: file does not start with RIFF id');
    const crash = answerError({ status: 500, body: 'Internal Server Error', contentType: 'text/plain' }, { stderr: lines });
    expect(crash.shortMessage).toBe('wave.Error: file does not start with RIFF id');
    expect(crash.stderr).toContain('Traceback (most recent call last):');
  });
});

describe('backoffDelay', () => {
  it.each([
    [0, 0],
    [1, 100],
    [2, 200],
    [5, 1_600],
    [6, 2_000],
    [60, 2_000],
  ])('restart %i waits %i ms (initial 100, cap 2000)', (attempt, ms) => {
    expect(backoffDelay(attempt, { initialMs: 100, maxMs: 2_000 })).toBe(ms);
  });
});
