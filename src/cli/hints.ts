// Each error's fix worded for the command that printed it: its own flags (`--timeout`, not `timeoutMs`), its
// own help, and commands that run as written. The API keeps the hints as thrown (option names).
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { ERROR_CODES, type TtsError, type TtsErrorCode } from '../errors/index.js';

/** What a hint may name: the command as typed, and whether it has a flag. */
export interface HintSurface {
  /** `pocket-tts-runtime voices export`. */
  line: string;
  has(flag: string): boolean;
}

/** The surface of a command of the program (the program itself when none ran). */
export function surfaceOf(command: CommandUnknownOpts): HintSurface {
  const names: string[] = [];
  for (let c: CommandUnknownOpts | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return { line: names.join(' '), has: (flag) => command.options.some((o) => o.long === flag) };
}

const DOUBLE = 'or run `pocket-tts-runtime setup --engine double` for the contract double (synthetic speech)';

// The default fixes (ERROR_CODES) that name an API option or a flag some commands lack, for the CLI.
const CLI_FIXES: Partial<Record<TtsErrorCode, (s: HintSurface) => string>> = {
  PYTHON_NOT_FOUND: (s) => `Install Python 3.10-3.14 with venv${s.has('--python') ? ', or pass --python /path/to/python3' : ''} (or set POCKET_TTS_PYTHON).`,
  EXECUTABLE_NOT_FOUND: (s) => `Run \`pocket-tts-runtime provision\`${s.has('--executable') ? ', or pass --executable /path/to/pocket-tts' : ''}.`,
  PROVISION_FAILED: (s) => `Read the installer output in the error; after fixing it, ${s.has('--force') ? 're-run with --force' : 'run `pocket-tts-runtime provision --force`'}.`,
  INDEX_UNREACHABLE: (s) =>
    s.has('--engine') && s.has('--wheelhouse')
      ? 'Use --wheelhouse DIR with pre-downloaded wheels, or --engine double for the contract double (synthetic speech).'
      : s.has('--wheelhouse')
        ? `Use --wheelhouse DIR with pre-downloaded wheels, ${DOUBLE}.`
        : `Provision from pre-downloaded wheels with \`pocket-tts-runtime provision --wheelhouse wheels\`, ${DOUBLE}.`,
  INVALID_INPUT: (s) => `Fix the named value; \`${s.line} --help\` lists the accepted values.`,
  INVALID_CONFIG: (s) => `Fix the named setting; \`${s.line} --help\` lists the accepted values.`,
  TIMEOUT: (s) => (s.has('--timeout') ? `Raise --timeout (milliseconds), shorten the text${s.has('--workers') ? ', or add --workers' : ''}.` : 'Shorten the text, or retry on a less busy machine.'),
  QUEUE_FULL: (s) => `Retry later${s.has('--max-queue') ? ', raise --max-queue' : ''}${s.has('--workers') ? ', or add --workers' : ''}.`,
  OUTPUT_FAILED: (s) => (s.has('--out') ? ERROR_CODES.OUTPUT_FAILED.fix : 'Free space where the output goes, or fix its permissions.'),
  CLOSED: () => 'Run the command again.',
};

/**
 * The fix of `error` as the CLI prints it. A hint thrown for the API (the default one of its code, or a
 * text over the length limit, which the CLI has no flag for) is reworded for `surface`; other hints were
 * written for where they are thrown and stay.
 */
export function cliHint(error: TtsError, surface: HintSurface): string {
  const limit = error.details.maxLength;
  if (error.code === 'INVALID_INPUT' && error.details.tooLong === true) {
    return `Shorten the text: split it at sentence ends into parts of at most ${typeof limit === 'number' ? limit : 20_000} characters, and run the command once per part.`;
  }
  const fix = CLI_FIXES[error.code];
  return error.hint === ERROR_CODES[error.code].fix && fix !== undefined ? fix(surface) : error.hint;
}

/** The error as the CLI prints it: `CODE: message`, the stderr excerpt, then `fix:` worded for `surface`. */
export function cliMessage(error: TtsError, surface: HintSurface): string {
  const fixAt = error.message.lastIndexOf('\nfix: ');
  const head = fixAt < 0 ? error.message : error.message.slice(0, fixAt);
  return `${head}\nfix: ${cliHint(error, surface)}`;
}
