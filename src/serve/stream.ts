// A pool run as upstream's 200 response: chunked audio/wav, and a trailer when it failed mid-stream.
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { publicText, sendError } from './errors.js';
import { TtsError } from '../errors/index.js';
import type { PoolRun } from '../engines/pool/dispatch/pool.js';
import { ERROR_TRAILER, encodeTrailer } from '../engines/pool/wire/trailer.js';

/**
 * Waits for the first audio (or the end): a failure before it gets an error status; otherwise 200 goes out
 * with the first chunk and the rest is piped with backpressure. A later failure ends the chunked body
 * normally (upstream does the same) with an `x-pocket-tts-error` trailer saying why.
 */
export async function streamRun(run: PoolRun, res: ServerResponse): Promise<void> {
  const first = await firstChunk(run);
  if (first === null) {
    const failure = await run.finished;
    if (failure !== null) return sendError(res, failure);
  }
  res.writeHead(200, {
    'content-type': 'audio/wav',
    'content-disposition': 'attachment; filename=generated_speech.wav',
    trailer: ERROR_TRAILER,
  });
  if (first !== null) res.write(first);
  await pipeline(run.output, res, { end: false }).catch(() => undefined);
  const failure = await run.finished;
  if (res.destroyed) return;
  // The trailer says what the error body would: the code and a public detail, never stderr (it stays in the log).
  if (failure !== null) res.addTrailers({ [ERROR_TRAILER]: encodeTrailer(new TtsError(failure.code, publicText(failure.shortMessage), { field: failure.field })) });
  res.end();
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
