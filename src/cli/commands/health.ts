import type { Command } from '@commander-js/extra-typings';
import { checkHealth } from '../../health/check.js';
import { printJson } from '../output.js';
import { loadConfig } from '../../setup/load.js';
import { positiveInt } from './flags.js';

/** `health --url URL`: exit 0 when the pool (or a pocket-tts server) answers /health with 200. */
export function registerHealth(program: Command): void {
  program
    .command('health')
    .description('Probe a running pool or pocket-tts server: exit 0 when GET <url>/health answers 200 (for HEALTHCHECK and probes).')
    .option('--url <url>', 'base URL of the server (default: http://127.0.0.1:<server.port of the configuration, else 8000>)')
    .option('--timeout <ms>', 'give up after this many milliseconds', positiveInt, 3_000)
    .option('--json', 'print the result as JSON')
    .action(async (flags) => {
      const { config } = await loadConfig();
      const result = await checkHealth(flags.url ?? `http://127.0.0.1:${config.server?.port ?? 8000}`, flags.timeout);
      if (flags.json === true) printJson(result);
      else (result.ok ? process.stdout : process.stderr).write(`${result.ok ? 'healthy' : 'unhealthy'}: ${result.url} ${result.status ?? ''} ${result.body}\n`);
      process.exitCode = result.ok ? 0 : 1;
    });
}
