// What a sidecar cannot do per request: upstream's server loads one model and has no generation options.
import { resolve } from 'node:path';
import { TtsError } from '../../errors/index.js';
import type { PocketTtsRelease } from '../../pocket-tts/index.js';
import { GENERATION_PARAMETERS } from '../../request/parameters.js';
import { checkRequestForRelease, releaseDefaults } from '../../request/release.js';
import type { ValidatedRequest } from '../../request/request.js';
import type { ModelSettings } from './fleet/sidecar-args.js';

/**
 * Refuses (INVALID_INPUT naming the field) a request whose `language`, `config` or `quantize` differs from
 * how the pool's sidecars were started, or that sets a generation parameter to anything but upstream's
 * default: `pocket-tts serve` has no per-request parameters in any release. CLI mode takes both. With the
 * sidecars' release known, its languages and voices are checked and "default" is its model's own (temperature
 * 0.7 in 2.1.0, 0.3 from 3.3.0 on).
 */
export function checkServerRequest(request: Pick<ValidatedRequest, 'language' | 'config' | 'params' | 'voice'>, model: ModelSettings, release: PocketTtsRelease | null = null): void {
  if (release !== null) checkRequestForRelease(request, release);
  const poolLanguage = model.language ?? (model.config === undefined ? 'english' : undefined);
  if (request.language !== undefined && request.language !== poolLanguage) {
    throw mismatch('language', `language "${request.language}"`, model, `server.language: "${request.language}"`);
  }
  if (request.config !== undefined && (model.config === undefined || resolve(request.config) !== resolve(model.config))) {
    throw mismatch('config', `config ${request.config}`, model, `server.config: "${request.config}"`);
  }
  const quantize = request.params.quantize;
  if (quantize !== undefined && quantize !== (model.quantize ?? false)) throw mismatch('quantize', `quantize ${quantize}`, model, `server.quantize: ${quantize}`);
  const moved: Partial<Record<string, number>> = release === null || model.config !== undefined ? {} : releaseDefaults(release, model.language);
  for (const parameter of GENERATION_PARAMETERS) {
    const value = request.params[parameter.option];
    const upstreamDefault = moved[parameter.option] ?? Number(parameter.upstreamDefault);
    if (parameter.option === 'quantize' || value === undefined || value === upstreamDefault) continue;
    throw new TtsError('INVALID_INPUT', `${parameter.option} cannot be set per request in server mode: pocket-tts serve always uses its default (${moved[parameter.option] ?? parameter.upstreamDefault})`, {
      field: parameter.option,
      hint: `Leave ${parameter.option} unset, or use mode "cli" for this request.`,
    });
  }
}

function mismatch(field: string, asked: string, model: ModelSettings, option: string): TtsError {
  return new TtsError('INVALID_INPUT', `${asked} does not match the pool's model (${describe(model)}): its sidecars load one model each, at start`, {
    field,
    hint: `Send requests that match the pool, start a pool with ${option}, or use mode "cli".`,
  });
}

/** How a pool's model was loaded, for messages: `language english, quantize off`. */
export function describe(model: ModelSettings): string {
  const source = model.config === undefined ? `language ${model.language ?? 'english'}` : `config ${model.config}`;
  return `${source}, quantize ${model.quantize === true ? 'on' : 'off'}`;
}
