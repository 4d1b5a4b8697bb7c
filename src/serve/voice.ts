// A voice NAME sent to the front (`voice_url` on /tts, `voice` on /v1/audio/speech), resolved as `generate`
// resolves it (src/request/voice.ts): an exported voice goes to the pool as its uploaded state.
import { voiceFields } from '../engines/pool/voice-form.js';
import type { TtsForm } from '../engines/pool/wire/form.js';
import { TtsError, type TtsErrorCode } from '../errors/index.js';
import { resolveVoiceName } from '../request/voice.js';
import { publicText, statusFor } from './errors.js';

/** The form's voice fields, or the refusal (a short message with no path, which may list every known name). */
export type NamedVoice = { fields: Omit<TtsForm, 'text'> } | { status: number; detail: string; code: TtsErrorCode };

// Long enough for the bounded list of known names of an unknown-voice refusal.
const VOICE_DETAIL = 2_000;

// What can be a voice name: no folder separator, no scheme, no NUL. Anything else (a path, `file:///…`) is
// refused without being echoed: a client's path has no place in a response (issue 20's leak check).
const NAME_LIKE = /^[^/\\:\0]+$/;
const NOT_A_NAME = 'voice is neither a voice name nor an accepted URL: give a catalog or exported voice name, or an http://, https:// or hf:// URL (remote voices need --allow-remote-voices)';

/** A catalog or exported name as form fields; INVALID_VOICE (400, listing the known names) for another. */
export async function namedVoice(name: string, named: ReadonlyMap<string, string>): Promise<NamedVoice> {
  if (!NAME_LIKE.test(name)) return { status: 400, detail: NOT_A_NAME, code: 'INVALID_VOICE' };
  try {
    return { fields: await voiceFields(resolveVoiceName(name, named), () => undefined) };
  } catch (error) {
    if (!(error instanceof TtsError)) throw error;
    return { status: statusFor(error), detail: publicText(error.shortMessage, VOICE_DETAIL), code: error.code };
  }
}
