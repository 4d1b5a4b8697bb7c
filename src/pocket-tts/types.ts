// The shape of one supported pocket-tts release, as the toolkit reads it (RUNTIME.md, "Supported pocket-tts releases").

/** A language's Hub files at the commits its packaged config pins (repo of each: see src/hub/files.ts). */
export interface LanguageHub {
  /** Commit of `kyutai/pocket-tts` (gated, with voice cloning) for `languages/<L>/model.safetensors`. */
  gated: string;
  /** Commit of `kyutai/pocket-tts-without-voice-cloning` for `languages/<L>/model.safetensors`. */
  open: string;
  /** The tokenizer: its path in the open repo is read from the config (not always `languages/<L>/`). */
  tokenizer: { path: string; revision: string; kind: 'sentencepiece' | 'tokenizers' };
  /** Transformer layers (6 or 24). */
  layers: number;
  /** The catalog voice used when none is given. */
  defaultVoice: string;
  /** The model's default temperature (`--temperature` unset). */
  temperature: number;
  /** The model's default EOS threshold (`--eos-threshold` unset). */
  eosThreshold: number;
}

/** How a release writes the WAV header of an output it can seek back into (a file, a regular stdout). */
export type WavHeaderMode = 'placeholder' | 'real-sizes';

/** The voice-state safetensors layout: `kv-cache-1` = `/cache` + `/offset`; `kv-cache-2` adds `/pad`. */
export type VoiceStateFormat = 'kv-cache-1' | 'kv-cache-2';

/** One supported release: every fact the toolkit's consumers read from it. */
export interface PocketTtsRelease {
  version: string;
  /** `Requires-Dist` (without torch and extras): what preflight expects to import. */
  requires: readonly string[];
  /** `generate` flags the release accepts (long forms). */
  generateFlags: readonly string[];
  /** `serve` flags the release accepts. */
  serveFlags: readonly string[];
  /** The flag for decode steps (`--lsd-decode-steps` is deprecated from 3.3.0 and prints a bare stderr line). */
  decodeStepsFlag: '--lsd-decode-steps' | '--sampler-decode-steps';
  /** `POST /tts` form fields. */
  serveFormFields: readonly string[];
  /** File outputs (and a seekable stdout); pipes and HTTP always carry the placeholder. */
  wavHeader: WavHeaderMode;
  /** Languages with a packaged config, and their Hub files. */
  languages: Readonly<Record<string, LanguageHub>>;
  /** Catalog voice names (`--voice NAME`, `voice_url=NAME`). */
  catalogVoices: readonly string[];
  /** Commit of the catalog voice states (`languages/<L>/embeddings/<name>.safetensors`). */
  voicePin: string;
  /** `serve` resolves its default voice before binding (a missing voice state fails start-up). */
  serveLoadsDefaultVoice: boolean;
  voiceStateFormat: VoiceStateFormat;
}
