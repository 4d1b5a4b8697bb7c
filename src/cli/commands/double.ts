import type { Command } from '@commander-js/extra-typings';
import { buildDoubleWheelhouse } from '../../double/wheelhouse.js';
import { printJson } from '../output.js';
import { POCKET_TTS_VERSION } from '../../pins.js';
import { loadConfig } from '../../setup/load.js';

/** `double wheelhouse`: writes the contract double's wheels for offline pip installs. */
export function registerDouble(program: Command): void {
  const double = program
    .command('double')
    .description('The pocket-tts contract double: a stdlib-only stand-in for tests and CI (no real speech).');
  double
    .command('wheelhouse')
    .description('Write the double\'s wheels (pocket-tts <release>+double and a torch double) into a folder, without network.')
    .requiredOption('--out <dir>', 'folder to write the wheels to')
    .option('--torch-version <version>', 'version of the torch double (e.g. 2.6.0+cpu, 2.4.1+cpu, 2.6.0+cu124)')
    .option('--torch-import-error <error>', 'make `import torch` raise this "Type: message"')
    .option('--python <exe>', 'Python interpreter that runs the builder')
    .option('--pocket-tts-version <version>', `the release the double imitates (default: runtime.pocketTts, else ${POCKET_TTS_VERSION})`)
    .option('--json', 'print the result as JSON')
    .action(async ({ json, ...opts }) => {
      const { config } = await loadConfig();
      const python = opts.python ?? config.runtime?.python;
      const version = opts.pocketTtsVersion ?? config.runtime?.pocketTts ?? POCKET_TTS_VERSION;
      const result = await buildDoubleWheelhouse({ ...opts, pocketTtsVersion: version, ...(python === undefined ? {} : { python }) });
      if (json === true) return printJson(result);
      process.stdout.write(`${result.wheels.join('\n')}\n`);
      process.stdout.write(`install: pip install --no-index --find-links ${result.dir} pocket-tts==${version}\n`);
    });
}
