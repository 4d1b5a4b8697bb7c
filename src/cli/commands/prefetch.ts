import { Option, type Command } from '@commander-js/extra-typings';
import { TtsError } from '../../errors/index.js';
import { prefetch } from '../../prefetch/prefetch.js';
import { LANGUAGES } from '../../request/catalog.js';
import { printJson } from '../output.js';
import { loadConfig } from '../../setup/load.js';
import { commonRuntimeOptions, parseList, runtimeOptions } from './flags.js';

/** `prefetch`: fill the HF cache with the pinned files so pocket-tts can then run offline. */
export function registerPrefetch(program: Command): void {
  const command = program
    .command('prefetch')
    .description('Download the pinned model weights, tokenizer and catalog voices into the HF cache (needs network), so pocket-tts can run with HF_HUB_OFFLINE=1.')
    .addOption(new Option('--language <language>', 'built-in language (default english)').choices(LANGUAGES))
    .option('--voices <names>', 'comma-separated catalog voices to fetch (default: the language default voice)', parseList)
    .option('--cloning', 'also fetch the gated weights with voice cloning (needs HF_TOKEN with access)')
    .option('--json', 'print the result as JSON');
  commonRuntimeOptions(command).action(async (flags) => {
    // Downloading is the point: --offline is not passed on (prefetch also ignores a runtime's offline setting).
    const { home, hfHome, hfHubCache } = flags;
    const { config } = await loadConfig();
    const { offline: _offline, ...runtime } = runtimeOptions({ home, hfHome, hfHubCache }, config);
    const result = await prefetch({
      runtime,
      language: flags.language ?? config.language,
      voices: flags.voices,
      cloning: flags.cloning === true,
      onFile: flags.json === true ? undefined : (e) => process.stderr.write(`${e.event === 'fetched' ? '✓' : '✗'} ${'path' in e ? `${e.repo} ${e.path}` : ''}${'error' in e ? `: ${e.error}` : ''}\n`),
    });
    if (flags.json === true) printJson(result);
    else if (result.skipped !== null) process.stdout.write(`prefetch skipped: ${result.skipped}\n`);
    else process.stdout.write(`${result.fetched.length} files in ${result.hfHubCache}, ${result.failed.length} failed\n`);
    const requiredFailures = result.failed.filter((f) => f.required);
    if (requiredFailures.length > 0) throw new TtsError('MODEL_DOWNLOAD_FAILED', `${requiredFailures.length} required files could not be downloaded: ${requiredFailures.map((f) => f.path).join(', ')}`);
  });
}
