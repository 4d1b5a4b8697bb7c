import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { GENERATION_PARAMETERS, type GenerateRequest, type Language } from '../../request/index.js';
import { createTts, type GenerateResult, type Tts } from '../../tts/index.js';
import { writeFileAtomic } from '../../fs/write-atomic.js';
import { commonRuntimeOptions, runtimeOptions, type CommonRuntimeFlags } from './flags.js';

interface GenerateFlags extends CommonRuntimeFlags {
  text: string;
  voice?: string;
  out: string;
  timeout?: number;
  language?: string;
  config?: string;
  executable?: string;
  allowRemoteVoices?: boolean;
  mode: 'cli' | 'server';
  manifest?: string;
  voicesDir?: string;
  quiet?: boolean;
  [parameter: string]: unknown;
}

/** `generate`: one generation from the command line (a thin adapter over createTts().generate/stream). */
export function registerGenerate(program: Command): void {
  const command = program
    .command('generate')
    .description('Speak a text: writes a WAV file (correct sizes, written atomically) or streams WAV to stdout with --out -.')
    .requiredOption('--text <text>', 'text to speak, or - to read it from stdin')
    .option('--voice <voice>', 'catalog name, exported voice name, .safetensors/.wav file, or URL (with --allow-remote-voices)')
    .option('--out <file>', 'output WAV file, or - for stdout', 'tts_output.wav')
    .option('--timeout <ms>', 'give up after this many milliseconds', parseInteger)
    .option('--language <language>', 'built-in language (default english)')
    .option('--config <file>', 'pocket-tts YAML config (instead of --language)')
    .option('--executable <path>', 'use this pocket-tts directly (no provisioned runtime needed)')
    .option('--allow-remote-voices', 'accept http(s):// and hf:// voices')
    .addOption(new Option('--mode <mode>', 'cli: one pocket-tts generate process; server: a one-off pool of warm sidecars (long texts fanned out)').choices(['cli', 'server']).default('cli'))
    .option('--manifest <file>', 'voices manifest whose exported voices --voice may name (default: voices.json, if exported)')
    .option('--voices-dir <dir>', 'exported voices folder (default: .pocket-tts/voices beside the manifest)')
    .option('-q, --quiet', 'print nothing but errors');
  commonRuntimeOptions(command);
  for (const parameter of GENERATION_PARAMETERS) {
    const flag = parameter.option === 'quantize' ? parameter.flag : `${parameter.flag} <value>`;
    const option = new Option(flag, `pocket-tts ${parameter.flag} (${parameter.range}; default ${parameter.upstreamDefault})`);
    if (parameter.option !== 'quantize') option.argParser(parseNumber);
    command.addOption(option);
  }
  command.action(async (flags: GenerateFlags) => {
    const tts = createTts({
      runtime: runtimeOptions(flags),
      concurrency: 1,
      mode: flags.mode,
      ...(flags.mode === 'server' ? { server: oneOffPool(flags) } : {}),
      limits: { voiceRoots: ['/'], allowRemoteVoices: flags.allowRemoteVoices === true },
      voices: { ...(flags.manifest === undefined ? {} : { manifest: flags.manifest }), ...(flags.voicesDir === undefined ? {} : { dir: flags.voicesDir }) },
    });
    try {
      const request = await requestFrom(flags);
      if (flags.out === '-') await streamToStdout(tts, request);
      else report(flags, await generateToFile(tts, request, resolve(flags.out)));
    } finally {
      await tts.close();
    }
  });
}

// The one-off pool loads the model the request asks for (sidecars load one model each, at start).
function oneOffPool(flags: GenerateFlags): NonNullable<Parameters<typeof createTts>[0]>['server'] {
  return {
    ...(flags.language === undefined ? {} : { language: flags.language as Language }),
    ...(flags.config === undefined ? {} : { config: flags.config }),
    ...(flags.quantize === true ? { quantize: true } : {}),
  };
}

async function requestFrom(flags: GenerateFlags): Promise<GenerateRequest> {
  const request: Record<string, unknown> = { text: flags.text === '-' ? await readStdin() : flags.text };
  if (flags.voice !== undefined) request.voice = flags.voice;
  if (flags.language !== undefined) request.language = flags.language;
  if (flags.config !== undefined) request.config = flags.config;
  if (flags.timeout !== undefined) request.timeoutMs = flags.timeout;
  for (const { option } of GENERATION_PARAMETERS) if (flags[option] !== undefined) request[option] = flags[option];
  return request as unknown as GenerateRequest;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// A reader that stops early (`| head`) closes the pipe: that ends the generation quietly, like other CLIs.
async function streamToStdout(tts: Tts, request: GenerateRequest): Promise<void> {
  try {
    await pipeline(tts.stream(request), process.stdout, { end: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
  }
}

// Generated in full, then written beside the target and renamed into place: never a half-written WAV.
async function generateToFile(tts: Tts, request: GenerateRequest, file: string): Promise<{ file: string; result: GenerateResult }> {
  const result = await tts.generate(request);
  await writeFileAtomic(file, result.wav);
  return { file, result };
}

function report(flags: GenerateFlags, { file, result }: { file: string; result: GenerateResult }): void {
  if (flags.quiet === true) return;
  const seconds = result.durationMs / 1000;
  const wall = result.timings.totalMs / 1000;
  process.stderr.write(`wrote ${file}: ${seconds.toFixed(2)} s of audio in ${wall.toFixed(2)} s (real-time factor ${(seconds / wall).toFixed(2)}x)\n`);
}

function parseNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new InvalidArgumentError('expected a number');
  return number;
}

function parseInteger(value: string): number {
  const number = parseNumber(value);
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return number;
}
