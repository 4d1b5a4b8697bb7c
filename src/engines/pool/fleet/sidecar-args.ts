// The `pocket-tts serve` command line of a sidecar, as the installed release's row allows it.
import { releaseFor, type PocketTtsRelease } from '../../../pocket-tts/index.js';

/** How the sidecars' model is loaded: per server in upstream, so per pool here. */
export interface ModelSettings {
  /** A built-in language (upstream default english); exclusive with `config`. */
  language?: string | undefined;
  /** A local pocket-tts YAML config. */
  config?: string | undefined;
  /** int8 dynamic quantization. */
  quantize?: boolean | undefined;
  /**
   * The voice of a request that names none: a catalog name, or an exported `.safetensors` file (absolute).
   * Default: the language's own (upstream's choice). See {@link defaultVoiceFields} for how each release gets it.
   */
  defaultVoice?: string | undefined;
}

/**
 * `serve --host H --port P` plus the model settings; never `--reload`. `--default-voice` only where the
 * release's row lists it (3.3.0 on, which load that voice before binding: a bad one fails the start).
 */
export function serveArgs(host: string, port: number, model: ModelSettings, release: PocketTtsRelease = releaseFor(null)): string[] {
  const argv = ['serve', '--host', host, '--port', String(port)];
  if (model.language !== undefined) argv.push('--language', model.language);
  if (model.config !== undefined) argv.push('--config', model.config);
  if (model.quantize === true) argv.push('--quantize');
  if (model.defaultVoice !== undefined && release.serveFlags.includes('--default-voice')) argv.push('--default-voice', model.defaultVoice);
  return argv;
}
