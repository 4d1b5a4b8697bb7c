// hf-token: voice cloning needs a Hugging Face token; without one pocket-tts silently loses cloning.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveCaches } from '../src/config/caches.js';
import { effectiveHfHome, effectiveVar } from '../src/preflight/facts/effective.js';
import { pass, skip, warn } from '../src/preflight/facts/outcomes.js';
import { defineCheck, type Facts } from '../src/preflight/facts/types.js';

const TOKEN_VARIABLES = ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN'] as const;

/** The `hf-token` check. Reports where a token is, never the token. */
export const hfToken = defineCheck({
  id: 'hf-token',
  title: 'Hugging Face token',
  needsRuntime: false,
  async run(facts) {
    if (!facts.options.cloning) return skip('voice cloning from audio is not configured (--cloning)');
    const variable = TOKEN_VARIABLES.find((name) => effectiveVar(facts, name) !== undefined);
    if (variable !== undefined) return pass(`${variable} is set (not verified: a stale token also makes pocket-tts fall back silently)`, { source: variable });
    const file = tokenFile(facts);
    if (await nonEmptyFile(file)) return pass(`a token is stored in ${file} (hf auth login)`, { source: file });
    return warn(
      'no Hugging Face token: voice cloning will silently fall back to the catalog voices, and voices from audio will fail',
      'accept the terms of https://huggingface.co/kyutai/pocket-tts, then export HF_TOKEN=<your token> (or run `hf auth login`)',
      { source: null, tokenFile: file },
    );
  },
});

// huggingface_hub reads HF_TOKEN_PATH, else `$HF_HOME/token` (where `hf auth login` writes it).
function tokenFile(facts: Facts): string {
  const explicit = effectiveVar(facts, 'HF_TOKEN_PATH');
  if (explicit !== undefined) return explicit;
  const hfHome = facts.runtime === null ? resolveCaches({}, facts.options.env, false).hfHome : effectiveHfHome({ ...facts, runtime: facts.runtime });
  return join(hfHome, 'token');
}

async function nonEmptyFile(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => null);
  return info !== null && info.isFile() && info.size > 0;
}
