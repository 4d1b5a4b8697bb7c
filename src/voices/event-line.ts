// A voice export's progress as the plain lines a person reads (`voices export` and `setup` print the same).
import type { VoiceExportEvent } from './types.js';

/** One line for an export event, or null for events that say nothing on their own. */
export function voiceEventLine(event: VoiceExportEvent): string | null {
  switch (event.type) {
    case 'plan':
      return `voices: ${event.voices.map((v) => `${v.name} (${v.action === 'cached' ? 'up to date' : v.reason})`).join(', ')}`;
    case 'method':
      return event.method === 'cli-fallback' ? `helper unavailable, one export-voice per voice: ${event.reason ?? ''}` : null;
    case 'model-loading':
      return `loading the model (${event.config ?? event.language ?? 'default'})…`;
    case 'model-loaded':
      return `model loaded in ${(event.ms / 1000).toFixed(1)} s, encoding…`;
    case 'voice-start':
      return `${event.name}: exporting…`;
    case 'voice-done': {
      const r = event.report;
      if (r.status === 'failed') return `${r.name}: failed: ${r.error?.code ?? 'FAILED'}: ${r.error?.message ?? 'unknown error'}`;
      return `${r.name}: ${r.status} (${r.reason}${r.durationMs === null ? '' : `, ${(r.durationMs / 1000).toFixed(1)} s`})`;
    }
    case 'warning':
      return `warning: a pocket-tts ${event.warning.process} process died of the exit abort after its output was complete (result kept)`;
    default:
      return null;
  }
}
