import { POCKET_TTS_VERSION } from '../../pins.js';
import { releaseFor, type PocketTtsRelease } from '../../pocket-tts/index.js';
import { parameterFlags } from '../../request/parameters.js';
import type { ValidatedRequest } from '../../request/request.js';
import { voiceArgument } from '../../request/voice.js';

/**
 * `pocket-tts generate` arguments for a request: text always from stdin (`--text -`, never on the command
 * line, where it would show in `ps` and hit ARG_MAX), WAV always to stdout, and only the parameters the
 * request sets (unset ones keep upstream defaults).
 */
export function generateArgs(request: Pick<ValidatedRequest, 'voice' | 'language' | 'config' | 'params'>, release: PocketTtsRelease = releaseFor(POCKET_TTS_VERSION)): string[] {
  const argv = ['generate', '--text', '-', '--output-path', '-'];
  const voice = voiceArgument(request.voice);
  if (voice !== undefined) argv.push('--voice', voice);
  if (request.language !== undefined) argv.push('--language', request.language);
  if (request.config !== undefined) argv.push('--config', request.config);
  argv.push(...parameterFlags(request.params, release.decodeStepsFlag));
  return argv;
}
