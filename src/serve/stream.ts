// A pool run as a 200 response: chunked audio, and a trailer when it failed mid-stream.
import type { ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HEADER_BYTES } from '../audio/index.js';
import { publicText, sendError } from './errors.js';
import { TtsError } from '../errors/index.js';
import type { PoolRun } from '../engines/pool/dispatch/pool.js';
import { ERROR_TRAILER, encodeTrailer } from '../engines/pool/wire/trailer.js';

/** How the 200 looks: its headers, whether the WAV header is dropped (raw PCM), and the answer to an early failure. */
export interface AudioAnswer {
  headers: Record<string, string>;
  rawPcm: boolean;
  fail(res: ServerResponse, error: unknown): void;
}

/** Upstream's `POST /tts` answer. */
export const UPSTREAM_WAV: AudioAnswer = {
  headers: { 'content-type': 'audio/wav', 'content-disposition': 'attachment; filename=generated_speech.wav' },
  rawPcm: false,
  fail: sendError,
};

/**
 * Waits for the first audio (or the end): a failure before it gets an error status; otherwise 200 goes out
 * with the first chunk and the rest is piped with backpressure. A later failure ends the chunked body
 * normally (upstream does the same) with an `x-pocket-tts-error` trailer saying why.
 */
export async function streamRun(run: PoolRun, res: ServerResponse, answer: AudioAnswer = UPSTREAM_WAV): Promise<void> {
  const first = await firstChunk(run);
  if (first === null) {
    const failure = await run.finished;
    if (failure !== null) return answer.fail(res, failure);
  }
  res.writeHead(200, { ...answer.headers, trailer: ERROR_TRAILER });
  const body = answer.rawPcm ? withoutHeader() : null;
  if (first !== null) {
    if (body === null) res.write(first);
    else body.write(first);
  }
  await (body === null ? pipeline(run.output, res, { end: false }) : pipeline(run.output, body, res, { end: false })).catch(() => undefined);
  const failure = await run.finished;
  if (res.destroyed) return;
  // The trailer says what the error body would: the code and a public detail, never stderr (it stays in the log).
  if (failure !== null) res.addTrailers({ [ERROR_TRAILER]: encodeTrailer(new TtsError(failure.code, publicText(failure.shortMessage), { field: failure.field })) });
  res.end();
}

// Drops the 44-byte WAV header (which may come in pieces): what is left is 16-bit mono PCM at 24 kHz.
function withoutHeader(): Transform {
  let skip = HEADER_BYTES;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const dropped = Math.min(skip, chunk.length);
      skip -= dropped;
      done(null, dropped === chunk.length ? undefined : chunk.subarray(dropped));
    },
  });
}

function firstChunk(run: PoolRun): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const onData = (chunk: Buffer): void => {
      run.output.pause();
      done(chunk);
    };
    const onEnd = (): void => done(null);
    const done = (value: Buffer | null): void => {
      run.output.off('data', onData);
      run.output.off('end', onEnd);
      run.output.off('close', onEnd);
      resolve(value);
    };
    run.output.on('data', onData);
    run.output.once('end', onEnd);
    run.output.once('close', onEnd);
  });
}
