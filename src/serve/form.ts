// Upstream's checks of a POST /tts form that the front answers itself, before anything is dispatched.
import { isRemoteVoice } from '../request/voice.js';
import type { ParsedForm } from './form-parse.js';
import type { TtsForm } from '../engines/pool/wire/form.js';

const MISSING_TEXT = { type: 'missing', loc: ['body', 'text'], msg: 'Field required', input: null };

/** A refusal: status and upstream's JSON body. */
export interface FormRefusal {
  status: number;
  body: Record<string, unknown>;
}

/**
 * The form to dispatch, or upstream's 422 for a missing `text` (an empty field counts as missing, like
 * FastAPI) or a `voice_wav` sent as a plain field; a remote `voice_url` is refused (400) unless allowed.
 * Everything else (blank text, both voices, a bad voice_url) is left to the sidecar, whose answer is passed on.
 */
export function formFromRequest(parsed: ParsedForm, { allowRemoteVoices }: { allowRemoteVoices: boolean }): TtsForm | FormRefusal {
  const text = nonEmpty(parsed.fields.get('text'));
  const plainVoiceWav = nonEmpty(parsed.fields.get('voice_wav'));
  const errors: unknown[] = text === undefined ? [MISSING_TEXT] : [];
  if (plainVoiceWav !== undefined) {
    errors.push({ type: 'value_error', loc: ['body', 'voice_wav'], msg: "Value error, Expected UploadFile, received: <class 'str'>", input: plainVoiceWav, ctx: { error: {} } });
  }
  if (text === undefined || errors.length > 0) return { status: 422, body: { detail: errors } };
  const voiceUrl = nonEmpty(parsed.fields.get('voice_url'));
  if (voiceUrl !== undefined && isRemoteVoice(voiceUrl) && !allowRemoteVoices) {
    return { status: 400, body: { detail: 'remote voice_url values are disabled on this server (start it with --allow-remote-voices)', code: 'INVALID_VOICE', field: 'voice' } };
  }
  const voiceWav = parsed.files.get('voice_wav');
  return { text, voiceUrl, voiceWav };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
