// Voice sources for metrics: low-cardinality kinds, never the voice's path or name.
import type { TtsForm } from '../engines/pool/wire/form.js';
import type { ResolvedVoice } from '../request/voice.js';
import type { VoiceSource } from './types.js';

const REMOTE = /^(https?|hf):\/\//i;

/** The source of a validated request's voice (an exported `.safetensors` state, or audio to encode…). */
export function voiceSource(voice: ResolvedVoice): VoiceSource {
  switch (voice.kind) {
    case 'default':
    case 'catalog':
    case 'remote':
      return voice.kind;
    case 'file':
      return voice.format === 'safetensors' ? 'exported' : 'encoded';
  }
}

/** The source of a `POST /tts` form's voice (an uploaded file by its suffix, a `voice_url` by its scheme). */
export function formVoiceSource(form: TtsForm): VoiceSource {
  if (form.voiceWav !== undefined) return form.voiceWav.filename.toLowerCase().endsWith('.safetensors') ? 'exported' : 'encoded';
  if (form.voiceUrl === undefined) return 'default';
  return REMOTE.test(form.voiceUrl) ? 'remote' : 'catalog';
}
