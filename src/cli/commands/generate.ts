import { stat } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InvalidArgumentError, Option, type Command } from '@commander-js/extra-typings';
import { CHANNELS, HEADER_BYTES, SAMPLE_RATE, collectWav, durationMs, samplesIn } from '../../audio/index.js';
import { TtsError, isTtsError } from '../../errors/index.js';
import { whyNotWritable } from '../../fs/writable.js';
import { outputFailed, writeOutput } from '../../fs/write-output.js';
import { loadConfig } from '../../setup/load.js';
import { assertManifest } from '../../setup/manifest.js';
import { GENERATION_PARAMETERS, LANGUAGES, pickParameters, type GenerateRequest } from '../../request/index.js';
import { createTts, type GenerateResult, type Tts } from '../../tts/index.js';
import { DOUBLE_NOTICE, isContractDouble } from '../../pocket-tts/index.js';
import { resolveRuntime } from '../../runtime/index.js';
import { commonRuntimeOptions, parseNumber, positiveInt, runtimeOptions } from './flags.js';

/** `generate`: one generation from the command line (a thin adapter over createTts().generate/stream). */
export function registerGenerate(program: Command): void {
  const command = commonRuntimeOptions(
    program
      .command('generate')
      .description('Speak a text: writes a WAV file (correct sizes, written atomically; on a terminal, the audio seconds so far are shown) or streams WAV to stdout with --out -.')
      .option('--text <text>', 'text to speak, or - to read it from stdin (required)')
      .option('--voice <voice>', 'catalog name, exported voice name, .safetensors/.wav file, or URL (with --allow-remote-voices)')
      .option('--out <file>', 'output WAV file (a device or FIFO is written directly), or - for stdout', outputTarget, 'tts_output.wav')
      .option('--timeout <ms>', 'give up after this many milliseconds', positiveInt)
      .addOption(new Option('--language <language>', 'built-in language (default english)').choices(LANGUAGES))
      .option('--config <file>', 'pocket-tts YAML config (instead of --language)')
      .option('--executable <path>', 'use this pocket-tts directly (no provisioned runtime needed)')
      .option('--allow-remote-voices', 'accept http(s):// and hf:// voices')
      .addOption(new Option('--mode <mode>', 'cli: one pocket-tts generate process; server: a one-off pool of warm sidecars (long texts fanned out)').choices(['cli', 'server'] as const).default('cli' as const))
      .option('--manifest <file>', 'voices manifest whose exported voices --voice may name (default: voices.json, if exported)')
      .option('--voices-dir <dir>', 'exported voices folder (default: .pocket-tts/voices beside the manifest)')
      .option('-q, --quiet', 'print nothing but errors'),
  );
  // One flag per generation parameter, from the table (their values are read back by name).
  for (const parameter of GENERATION_PARAMETERS) {
    const flag = parameter.option === 'quantize' ? parameter.flag : `${parameter.flag} <value>`;
    const option = new Option(flag, `pocket-tts ${parameter.flag} (${parameter.range}; default ${parameter.upstreamDefault})`);
    if (parameter.option !== 'quantize') option.argParser(parseNumber);
    command.addOption(option);
  }
  command.action(async (flags, cmd) => {
    // Checked here, not by commander, so that a typo (`--txt`) is reported as the unknown option it is.
    const text = flags.text;
    if (text === undefined) return cmd.error("error: required option '--text <text>' not specified", { exitCode: 2, code: 'commander.missingMandatoryOptionValue' });
    const params = pickParameters(cmd.opts());
    const { config } = await loadConfig();
    if (flags.out !== '-') await assertOutputFolder(resolve(flags.out));
    const language = flags.language ?? config.language;
    const manifest = flags.manifest ?? config.voices?.manifest;
    await assertManifest(manifest, manifest === undefined);
    const runtime = runtimeOptions(flags, config);
    const tts = createTts({
      runtime,
      concurrency: 1,
      mode: flags.mode,
      // The one-off pool loads the model the request asks for (sidecars load one model each, at start).
      ...(flags.mode === 'server' ? { server: { language, config: flags.config, quantize: params.quantize === true } } : {}),
      limits: { voiceRoots: ['/'], allowRemoteVoices: flags.allowRemoteVoices === true },
      voices: { manifest, dir: flags.voicesDir ?? config.voices?.dir },
    });
    try {
      const request: GenerateRequest = {
        text: text === '-' ? await readStdin() : text,
        voice: flags.voice,
        language,
        config: flags.config,
        timeoutMs: flags.timeout,
        ...params,
      };
      if (flags.out === '-') await streamToStdout(tts, request);
      else report(flags.quiet === true, await generateToFile(tts, request, resolve(flags.out), flags.quiet !== true && process.stderr.isTTY));
      // After the work, so that the request's own checks (usage errors, exit 2) still come first.
      if (flags.quiet !== true && isContractDouble((await resolveRuntime(runtime)).versions.pocketTts)) process.stderr.write(`note: ${DOUBLE_NOTICE}\n`);
    } finally {
      await tts.close();
    }
  });
}

// Before any work: a WAV generated for a folder that is not there (or not writable) would be thrown away.
async function assertOutputFolder(file: string): Promise<void> {
  const folder = dirname(file);
  const exists = await stat(folder).then((info) => info.isDirectory(), () => false);
  const why = exists ? await whyNotWritable(folder) : { path: folder, reason: 'does not exist' };
  if (why === null) return;
  throw new TtsError('INVALID_INPUT', `--out ${file}: the folder ${why.path} ${why.reason}`, { field: 'out', hint: exists ? 'Pass --out with a file in a writable folder.' : `Create it first (mkdir -p ${folder}), or pass --out with a file in an existing folder.` });
}

// An empty name or a folder is a usage error, found before any work.
function outputTarget(value: string): string {
  if (value === '') throw new InvalidArgumentError('expected a file name, or - for stdout');
  if (value !== '-' && statSync(value, { throwIfNoEntry: false })?.isDirectory() === true) throw new InvalidArgumentError(`${value} is a folder: name a file in it`);
  return value;
}

// Refused, never replaced: a text with U+FFFD where the bytes were is not what the user meant to say.
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new TtsError('INVALID_INPUT', `the text on stdin is not valid UTF-8 (first bad sequence at byte ${at})`, { field: 'text', hint: 'Convert the text to UTF-8 first (for a Latin-1 file: iconv -f latin1 -t utf-8 FILE), then pipe it again.' });
  }
}

// Where decoding fails: the longest prefix that decodes cleanly (bisection over the byte length).
function firstInvalidUtf8(bytes: Buffer): number {
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      good = mid;
    } catch {
      bad = mid;
    }
  }
  return good;
}

// A reader that stops early (`| head`) closes the pipe: that ends the generation quietly, like other CLIs.
async function streamToStdout(tts: Tts, request: GenerateRequest): Promise<void> {
  try {
    await pipeline(tts.stream(request), process.stdout, { end: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return;
    throw isTtsError(error) ? error : outputFailed('stdout', error); // e.g. ENOSPC: stdout is a full disk or /dev/full
  }
}

// Generated in full, then written beside the target and renamed into place (never a half-written WAV);
// a device or FIFO is written directly (see writeOutput).
async function generateToFile(tts: Tts, request: GenerateRequest, file: string, progress: boolean): Promise<{ file: string; result: GenerateResult }> {
  const result = progress ? await generateShowingProgress(tts, request) : await tts.generate(request);
  await writeOutput(file, result.wav);
  return { file, result };
}

// On a terminal, the audio generated so far, redrawn on one stderr line (a long text showed a blank
// terminal); the same WAV as generate(), collected from stream() with its sizes fixed.
async function generateShowingProgress(tts: Tts, request: GenerateRequest): Promise<GenerateResult> {
  const started = performance.now();
  const stream = tts.stream(request);
  let bytes = 0;
  const show = (): void => {
    process.stderr.write(`\r${(durationMs(samplesIn(Math.max(0, bytes - HEADER_BYTES))) / 1000).toFixed(1)} s of audio so far`);
  };
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  const timer = setInterval(show, 250);
  try {
    const collected = await collectWav(counted());
    const timings = stream.timings ?? { queuedMs: 0, spawnMs: 0, firstByteMs: null, totalMs: performance.now() - started };
    return { wav: collected.wav, sampleRate: SAMPLE_RATE, channels: CHANNELS, samples: collected.samples, durationMs: collected.durationMs, timings };
  } finally {
    clearInterval(timer);
    process.stderr.write('\r\x1b[K');
  }
}

function report(quiet: boolean, { file, result }: { file: string; result: GenerateResult }): void {
  if (quiet) return;
  const seconds = result.durationMs / 1000;
  const wall = result.timings.totalMs / 1000;
  process.stderr.write(`wrote ${file}: ${seconds.toFixed(2)} s of audio in ${wall.toFixed(2)} s (real-time factor ${(seconds / wall).toFixed(2)}x)\n`);
}
