import { describe, expect, it } from 'vitest';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { TTS_ERROR_CODES, TtsError } from '../../src/errors/index.js';
import { cliHint, surfaceOf } from '../../src/cli/hints.js';
import { createProgram } from '../../src/cli/program.js';
import { prepareText } from '../../src/request/text.js';
import { unknownVoice } from '../../src/request/voice.js';
import { resolveVoicesOption, loadNamedVoices } from '../../src/voices/named.js';
import { silentLogger } from '../../src/request/logger.js';

function leaves(command: CommandUnknownOpts): CommandUnknownOpts[] {
  return command.commands.length === 0 ? [command] : command.commands.flatMap((c) => leaves(c));
}

// The real parser with every action replaced: parsing a hint's command runs nothing.
function parser(): CommandUnknownOpts {
  const program = createProgram();
  const quiet = (c: CommandUnknownOpts): void => {
    c.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    if (c.commands.length === 0) (c as unknown as { action(fn: () => void): unknown }).action(() => undefined);
    for (const sub of c.commands) quiet(sub);
  };
  quiet(program);
  return program;
}

async function parses(line: string): Promise<string | null> {
  const [bin, ...args] = line.split(/\s+/);
  if (bin !== 'pocket-tts-runtime') return `not the CLI: ${line}`;
  // --help and --version parse too (commander ends them with exit code 0).
  return parser().parseAsync(args, { from: 'user' }).then(() => null, (e: unknown) => ((e as { exitCode?: number }).exitCode === 0 ? null : `${line}: ${String(e)}`));
}

// Errors whose hints are built from facts: one of each builder the CLI can print, beside every code's default.
async function builtErrors(): Promise<TtsError[]> {
  const built: TtsError[] = [unknownVoice('narator', new Map([['narrator', '/v/narrator.safetensors']]))];
  try {
    prepareText('x'.repeat(50), 'strip', 10);
  } catch (error) {
    built.push(error as TtsError);
  }
  await loadNamedVoices(resolveVoicesOption({ manifest: '/nonexistent/voices.json' }), new Map(), silentLogger).catch((e: unknown) => built.push(e as TtsError));
  return built;
}

// Issue 17: every `fix:` the CLI prints is worded for the command that printed it, and runs as written.
describe('every CLI hint, for every command, runs from where it is printed', () => {
  const commands = leaves(createProgram());

  it('covers every leaf command and every error code', () => {
    expect(commands.length).toBeGreaterThanOrEqual(11);
    expect(TTS_ERROR_CODES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(commands.map((c) => [surfaceOf(c).line, c] as const))('%s', async (_, command) => {
    const surface = surfaceOf(command);
    const errors = [...TTS_ERROR_CODES.map((code) => new TtsError(code, 'x')), ...(await builtErrors())];
    const problems: string[] = [];
    for (const error of errors) {
      const hint = cliHint(error, surface);
      const quoted = [...hint.matchAll(/`([^`]*)`/g)].map((m) => m[1] ?? '');
      for (const line of quoted.filter((q) => q.startsWith('pocket-tts-runtime'))) {
        const failed = await parses(line);
        if (failed !== null) problems.push(`${error.code}: ${failed}`);
      }
      const bare = hint.replace(/`[^`]*`/g, '');
      for (const flag of bare.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? []) {
        if (!surface.has(flag)) problems.push(`${error.code}: ${surface.line} has no ${flag} ("${hint}")`);
      }
      if (/timeoutMs|createTts|maxTextLength|maxQueue|limits\./.test(hint)) problems.push(`${error.code}: API wording on the CLI ("${hint}")`);
    }
    expect(problems).toEqual([]);
  });

  it('the known bad cases of issue 17', () => {
    const on = (line: string) => surfaceOf(commands.find((c) => surfaceOf(c).line === `pocket-tts-runtime ${line}`) as CommandUnknownOpts);
    expect(cliHint(new TtsError('INDEX_UNREACHABLE', 'x'), on('provision'))).not.toMatch(/(?<!setup )--engine double/);
    expect(cliHint(new TtsError('INDEX_UNREACHABLE', 'x'), on('setup'))).toContain('--engine double');
    expect(cliHint(new TtsError('TIMEOUT', 'x'), on('generate'))).toContain('Raise --timeout');
    expect(cliHint(new TtsError('INVALID_CONFIG', 'x'), on('voices export'))).toContain('`pocket-tts-runtime voices export --help`');
    let tooLong: TtsError | undefined;
    try {
      prepareText('x'.repeat(50), 'strip', 10);
    } catch (error) {
      tooLong = error as TtsError;
    }
    expect(tooLong?.hint).toContain('createTts({ limits: { maxTextLength'); // the API's wording stays for the API
    expect(cliHint(tooLong as TtsError, on('generate'))).toMatch(/^Shorten the text: .* at most 10 characters/);
  });
});
