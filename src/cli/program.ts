import { Command, CommanderError, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { packageVersion } from '../assets.js';
import { registerBench } from './commands/bench.js';
import { registerDouble } from './commands/double.js';
import { registerGenerate } from './commands/generate.js';
import { registerHealth } from './commands/health.js';
import { registerPrefetch } from './commands/prefetch.js';
import { registerPreflight } from './commands/preflight.js';
import { registerProvision } from './commands/provision.js';
import { registerSetup } from './commands/setup.js';
import { registerServe } from './commands/serve.js';
import { registerSyntheticCache } from './commands/synthetic-cache.js';
import { registerVoices } from './commands/voices.js';
import { surfaceOf } from './hints.js';
import { reportError } from './output.js';

/** Exit codes: 0 success, 1 the job failed, 2 bad usage or configuration. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Builds the command tree; every action calls an exported API function and prints its result. */
export function createProgram(): CommandUnknownOpts {
  const program = new Command('pocket-tts-runtime')
    .description('Provision, check and run Kyutai pocket-tts from Node.')
    .version(packageVersion())
    // A fixed width keeps help (and README's generated reference) the same in every terminal.
    .configureHelp({ helpWidth: 100 })
    .exitOverride();
  registerSetup(program);
  registerProvision(program);
  registerPreflight(program);
  registerGenerate(program);
  registerServe(program);
  registerVoices(program);
  registerPrefetch(program);
  registerSyntheticCache(program);
  registerHealth(program);
  registerBench(program);
  registerDouble(program);
  pointToHelp(program, []);
  refuseRepeats(program);
  return program;
}

// A usage error prints the error, commander's closest match ("Did you mean --text?") and where the help is:
// never the whole help, which buries the one line that matters.
function pointToHelp(command: CommandUnknownOpts, path: string[]): void {
  command.showHelpAfterError(`see \`${['pocket-tts-runtime', ...path, '--help'].join(' ')}\``);
  for (const sub of command.commands) pointToHelp(sub, [...path, sub.name()]);
}

// A value flag given twice (`--text a --text b`) is a usage error: commander would silently keep the last one.
function refuseRepeats(command: CommandUnknownOpts): void {
  for (const option of command.options) {
    if (!(option.required || option.optional) || option.variadic) continue;
    let seen = false;
    command.on(`option:${option.name()}`, () => {
      if (seen) command.error(`error: option '${option.flags}' was given twice: give it once`, { exitCode: 2, code: 'commander.optionRepeated' });
      seen = true;
    });
  }
  for (const sub of command.commands) refuseRepeats(sub);
}

/** Runs the CLI and resolves to the process exit code (never calls process.exit itself). */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  // The command whose action runs: its errors' fixes name its own flags and help.
  let ran: CommandUnknownOpts = program;
  program.hook('preAction', (_program, action) => {
    ran = action;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExit(error);
    return reportError(error, surfaceOf(ran));
  }
}

// Commander throws for --help/--version too (exit 0); everything else it throws is a usage error.
function commanderExit(error: CommanderError): number {
  if (error.exitCode === 0) return EXIT.ok;
  return EXIT.usage;
}
