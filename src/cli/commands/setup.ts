import type { Command } from 'commander';
import { TtsError } from '../../errors/index.js';

/** `setup`: the main job (provision, voices, preflight, smoke test). */
export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description('Provision the runtime, export voices, preflight and speak a test sentence.')
    .action(() => {
      throw new TtsError('PROVISION_FAILED', 'setup is not built yet: provisioning, preflight and voices come in later issues', {
        hint: 'For now: `pocket-tts-runtime double wheelhouse --out DIR`, then `pip install --no-index --find-links DIR pocket-tts==2.1.0`.',
      });
    });
}
