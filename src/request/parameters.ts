import { z } from 'zod';

/**
 * Every generation parameter: its option name, pocket-tts flag, upstream default and accepted range.
 * The argv builder, the server form builder and RUNTIME.md's mapping table all follow this table (a test
 * compares the document with it).
 */
export const GENERATION_PARAMETERS = [
  { option: 'temperature', flag: '--temperature', upstreamDefault: '0.7', range: '0 to 5', schema: z.number().min(0).max(5) },
  { option: 'lsdDecodeSteps', flag: '--lsd-decode-steps', upstreamDefault: '1', range: 'integer 1 to 64', schema: z.number().int().min(1).max(64) },
  { option: 'noiseClamp', flag: '--noise-clamp', upstreamDefault: 'none', range: 'greater than 0, up to 100', schema: z.number().gt(0).max(100) },
  { option: 'eosThreshold', flag: '--eos-threshold', upstreamDefault: '-4.0', range: '-100 to 100', schema: z.number().min(-100).max(100) },
  { option: 'framesAfterEos', flag: '--frames-after-eos', upstreamDefault: 'auto (from text length)', range: 'integer 0 to 500', schema: z.number().int().min(0).max(500) },
  { option: 'maxTokens', flag: '--max-tokens', upstreamDefault: '50', range: 'integer 1 to 1000', schema: z.number().int().min(1).max(1000) },
  { option: 'quantize', flag: '--quantize', upstreamDefault: 'false', range: 'boolean (flag present when true)', schema: z.boolean() },
] as const;

/** A numeric or boolean generation parameter's option name. */
export type ParameterName = (typeof GENERATION_PARAMETERS)[number]['option'];

/** The generation parameters of a request (all optional: unset means pocket-tts's own default). */
export interface GenerationParameters {
  temperature?: number;
  lsdDecodeSteps?: number;
  noiseClamp?: number;
  eosThreshold?: number;
  framesAfterEos?: number;
  maxTokens?: number;
  quantize?: boolean;
}

/**
 * Flags for the parameters that are set, in table order (unset ones keep upstream defaults). `decodeStepsFlag`:
 * the installed release's name for `lsdDecodeSteps` (3.3.0+ print a bare deprecation line for the old one).
 */
export function parameterFlags(params: GenerationParameters, decodeStepsFlag = '--lsd-decode-steps'): string[] {
  const argv: string[] = [];
  for (const { option, flag: tableFlag } of GENERATION_PARAMETERS) {
    const flag = option === 'lsdDecodeSteps' ? decodeStepsFlag : tableFlag;
    const value = params[option];
    if (value === undefined) continue;
    if (typeof value === 'boolean') {
      if (value) argv.push(flag);
    } else {
      argv.push(flag, String(value));
    }
  }
  return argv;
}

/** The generation parameters among `values` (e.g. a command's parsed flags): numbers and the quantize flag. */
export function pickParameters(values: Readonly<Record<string, unknown>>): GenerationParameters {
  const params: GenerationParameters = {};
  for (const { option } of GENERATION_PARAMETERS) {
    const value = values[option];
    if (option === 'quantize') {
      if (typeof value === 'boolean') params.quantize = value;
    } else if (typeof value === 'number') {
      params[option] = value;
    }
  }
  return params;
}
