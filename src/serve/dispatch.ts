// One accepted form through the pool, for every route of the front: timeout, client gone, the record.
import type { ServerResponse } from 'node:http';
import { TtsError } from '../errors/index.js';
import type { TtsForm } from '../engines/pool/wire/form.js';
import type { PoolRun } from '../engines/pool/dispatch/pool.js';
import type { HttpRequestRecord } from './record.js';
import type { FrontOptions } from './front.js';

/** How a route answers: the run once it started, or a failure before any of it went out. */
export interface Responder {
  respond(run: PoolRun, res: ServerResponse): Promise<void>;
  fail(res: ServerResponse, error: unknown): void;
}

/**
 * Submits `form` to the pool with the front's timeout (queueing included) and aborts it when the client
 * disconnects; `arrived` is released in the tick of the submit. The record settles once.
 */
export async function dispatchForm(form: TtsForm, res: ServerResponse, options: FrontOptions, record: HttpRequestRecord, arrived: () => void, responder: Responder): Promise<void> {
  record.accepted(form);
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(new TtsError('TIMEOUT', `the request did not finish within ${options.timeoutMs} ms`, { timedOut: true })), options.timeoutMs);
  res.once('close', () => {
    if (!res.writableFinished) stop.abort(new TtsError('ABORTED', 'the client disconnected'));
  });
  try {
    arrived(); // the pool counts it from here on (same tick)
    const run = await options.pool.submit(form, { signal: stop.signal, log: options.log });
    record.started(run); // same tick as the responder's first read
    await responder.respond(run, res);
    record.settle(await run.finished);
  } catch (error) {
    record.settle(error);
    responder.fail(res, error);
  } finally {
    clearTimeout(timer);
  }
}
