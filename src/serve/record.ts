// One `POST /tts` of the `serve` front, recorded like a generate()/stream() call (api `http`).
import { TtsError } from '../errors/index.js';
import { isErrorCode } from '../errors/tts-error.js';
import type { TtsForm } from '../engines/pool/wire/form.js';
import type { PoolRun } from '../engines/pool/dispatch/pool.js';
import { countAudio, type AudioCount } from './audio-count.js';
import { RequestProbe } from '../events/probe.js';
import type { RequestEvent, VoiceSource } from '../events/types.js';
import { isRemoteVoice } from '../request/voice.js';

/** Collects one front request's facts and reports its event once, when it settles. */
export class HttpRequestRecord {
  readonly #probe = new RequestProbe('http', null);
  #audio: AudioCount | null = null;
  #settled = false;

  constructor(private readonly report: (event: RequestEvent) => void) {}

  /** The form was accepted: its voice source and text length. */
  accepted(form: TtsForm): void {
    this.#probe.voice = formVoiceSource(form);
    this.#probe.textLength = form.text.length;
  }

  /** The pool started the request: call in the same tick as the reader of `run.output` (see countAudio). */
  started(run: PoolRun): void {
    this.#probe.started(run.queuedMs, run.spawnMs);
    this.#audio = countAudio(run.output);
  }

  /** The front answered `status` itself (413, 400, 422…): an INVALID_INPUT, or the code its body names. */
  refused(status: number, body: Record<string, unknown>): void {
    const code = isErrorCode(body.code) ? body.code : 'INVALID_INPUT';
    this.settle(new TtsError(code, `the front answered ${status}`, { details: { status } }));
  }

  /** The request ended: null on success (the audio counted so far is its length), else its failure. */
  settle(error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#probe.firstAudio(this.#audio?.firstPcmAt ?? null);
    if (error === null) this.#probe.succeeded(this.#audio?.audioMs ?? 0);
    this.report(this.#probe.settle('server', error));
  }
}

/** The source of a `POST /tts` form's voice (an uploaded file by its suffix, a `voice_url` by its scheme). */
export function formVoiceSource(form: TtsForm): VoiceSource {
  if (form.voiceWav !== undefined) return form.voiceWav.filename.toLowerCase().endsWith('.safetensors') ? 'exported' : 'encoded';
  if (form.voiceUrl === undefined) return 'default';
  return isRemoteVoice(form.voiceUrl) ? 'remote' : 'catalog';
}
