// The public shapes of voice export: options, progress events and the report.
import type { TtsErrorCode } from '../errors/index.js';
import type { WarningEvent } from '../events/types.js';
import type { RuntimeOption } from '../runtime/option.js';

/** Options of {@link exportVoices}; all optional. */
export interface ExportVoicesOptions {
  /** The manifest (default `voices.json` in the working directory). */
  manifest?: string;
  /** Where the states and `index.json` go (default `.pocket-tts/voices/` beside the manifest). */
  out?: string;
  /** The runtime: a Runtime, a runtime id or folder, or resolveRuntime() options (default: the home's current runtime). */
  runtime?: RuntimeOption;
  /** Accept http(s):// and hf:// sources (default false). */
  allowRemoteVoices?: boolean;
  /** Re-export every voice, even up-to-date ones. */
  force?: boolean;
  /** `auto` (default): the one-model-load helper, falling back to `export-voice` per voice; `cli`: `export-voice` only. */
  method?: 'auto' | 'cli';
  /** How long to wait for another export into the same folder (default 600,000 ms). */
  lockTimeoutMs?: number;
  /** Progress events (plan, model load, each voice). */
  onEvent?: (event: VoiceExportEvent) => void;
  /** Stops the running export (its processes are terminated; finished voices stay exported). */
  signal?: AbortSignal;
}

/** What happened to one voice. */
export type VoiceExportStatus = 'exported' | 'cached' | 'failed';

/** One voice in the report. */
export interface VoiceExportReport {
  name: string;
  status: VoiceExportStatus;
  /** Absolute path of the usable state file (for a failed voice: its previous export, if any), else null. */
  file: string | null;
  /** sha256 of that file, or null. */
  sha256: string | null;
  size: number | null;
  /** The source as the manifest names it. */
  source: string;
  language: string | null;
  /** Why it was exported (`new voice`, `source changed`…) or `up to date`. */
  reason: string;
  /** Encoding and writing time of this voice (model load excluded), or null. */
  durationMs: number | null;
  /** For a failed voice: why. */
  error?: VoiceExportError;
}

/** A failed voice's error, as plain data (the TtsError's fields). */
export interface VoiceExportError {
  code: TtsErrorCode;
  message: string;
  hint: string;
  field?: string;
  exitCode?: number;
  signal?: string;
  /** The last lines pocket-tts printed on stderr. */
  stderr?: string;
}

/** How the voices were exported: one helper process, `export-voice` per voice, or nothing to do. */
export type VoiceExportMethod = 'helper' | 'cli-fallback' | 'cli' | 'none';

/** The result of {@link exportVoices}. A failed voice does not throw: check `failed`. */
export interface ExportVoicesResult {
  manifest: string;
  out: string;
  index: string;
  method: VoiceExportMethod;
  /** Why the helper was not used, when it was not. */
  fallbackReason: string | null;
  pocketTtsVersion: string;
  exported: number;
  cached: number;
  failed: number;
  /** Voices no longer in the manifest, dropped from the index (their files deleted). */
  removed: string[];
  /** Model loads by the helper (one per language or config used). */
  modelLoads: number;
  durationMs: number;
  voices: VoiceExportReport[];
}

/** Progress of an export, in order: `plan` once, then per voice `voice-start` and `voice-done`. */
export type VoiceExportEvent =
  | { type: 'plan'; voices: { name: string; action: 'export' | 'cached' | 'failed'; reason: string }[] }
  | { type: 'method'; method: Exclude<VoiceExportMethod, 'none'>; reason: string | null }
  | { type: 'model-loading'; language: string | null; config: string | null }
  | { type: 'model-loaded'; language: string | null; config: string | null; ms: number }
  | { type: 'voice-start'; name: string }
  | { type: 'voice-output'; name: string | null; line: string }
  | { type: 'voice-done'; report: VoiceExportReport }
  /** A pocket-tts process died of the exit abort after its output was complete: its result was kept. */
  | { type: 'warning'; warning: WarningEvent };
