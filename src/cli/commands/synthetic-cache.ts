import type { Command } from '@commander-js/extra-typings';
import { buildSyntheticCache, SYNTHETIC_NOTICE, type SyntheticCacheResult } from '../../synthetic/index.js';
import { printJson } from '../output.js';
import { loadConfig } from '../../setup/load.js';
import { commonRuntimeOptions, nonNegativeInt, runtimeOptions, withoutUndefined } from './flags.js';

/** `synthetic-cache`: random weights in the Hub layout, for CI without the Hub. The speech is noise. */
export function registerSyntheticCache(program: Command): void {
  const command = program
    .command('synthetic-cache')
    .description('Build a Hugging Face cache of RANDOM weights with the runtime\'s pocket-tts (CI without the Hub): --language, catalog voices, cloning and --offline then work, but the speech is noise.')
    .requiredOption('--out <dir>', 'the cache folder to create or extend; use it as HF_HUB_CACHE (or --hf-hub-cache) afterwards')
    .option('--runtime <id|dir>', 'runtime to build with (default: the current one)')
    .option('--executable <path>', 'use this existing pocket-tts (its Python builds the cache) instead of a provisioned runtime')
    .option('--language <language>', 'built-in language of the installed pocket-tts (default english)')
    .option('--voices <which>', 'catalog voices: all (default), default, none, or a,b,c')
    .option('--seed <n>', 'seed of the random weights and tokenizer (default 1234)', nonNegativeInt)
    .option('--force', 'rebuild even when a build with the same inputs is there')
    .option('--json', 'print the result as JSON');
  commonRuntimeOptions(command).action(async (flags) => {
    if (flags.json !== true) process.stderr.write(`${SYNTHETIC_NOTICE}\n`);
    const { config } = await loadConfig();
    const result = await buildSyntheticCache({
      out: flags.out,
      runtime: { ...runtimeOptions(flags, config), ...(flags.runtime === undefined ? {} : { runtime: flags.runtime }) },
      ...withoutUndefined({ language: flags.language ?? config.language }),
      ...(flags.voices === undefined ? {} : { voices: voicesOf(flags.voices) }),
      ...(flags.seed === undefined ? {} : { seed: flags.seed }),
      force: flags.force === true,
      ...(flags.json === true ? {} : { onStep: (line: string) => process.stderr.write(`› ${line}\n`) }),
    });
    if (flags.json === true) printJson(result);
    else process.stdout.write(`${describe(result)}\n`);
  });
}

function voicesOf(value: string): 'all' | 'default' | 'none' | string[] {
  if (value === 'all' || value === 'default' || value === 'none') return value;
  return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}

function describe(r: SyntheticCacheResult): string {
  return [
    `${r.reused ? 'Reused' : 'Built'} a synthetic cache for pocket-tts ${r.pocketTtsVersion}, ${r.language}: ${r.files.length} files, ${r.voices.length} catalog voices (default ${r.defaultVoice}), in ${(r.durationMs / 1000).toFixed(1)} s.`,
    `  HF_HUB_CACHE=${r.hfHubCache}`,
    `  manifest: ${r.manifest}`,
    `  --config ${r.config} (the same model from local paths)`,
    r.notice,
  ].join('\n');
}
