// Voice sources for metrics: low-cardinality kinds, never the voice's path or name.
import type { ResolvedVoice } from '../request/voice.js';
import type { VoiceSource } from './types.js';

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
