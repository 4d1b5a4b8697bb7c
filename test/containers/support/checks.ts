// What the container checks assert on: whole WAVs, preflight output, HTTP answers from the published ports.
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BYTES_PER_SAMPLE, HEADER_BYTES, SAMPLE_RATE, parseWavHeader } from '../../../src/audio/index.js';
import { ROOT } from '../../docker/support/recipes.js';
import { podman } from './podman.js';

export { waitUntil } from '../../support/processes.js';

export interface WholeWav {
  bytes: number;
  dataBytes: number;
  seconds: number;
}

/**
 * A WAV is whole when its header is pocket-tts's canonical one and both declared sizes match the bytes
 * received (RIFF = total − 8, data = total − 44): nothing cut, nothing left as a placeholder.
 */
export function wholeWav(buf: Buffer): WholeWav {
  const header = parseWavHeader(buf);
  const dataBytes = buf.length - HEADER_BYTES;
  if (dataBytes <= 0) throw new Error(`a WAV with no audio (${buf.length} bytes)`);
  if (header.declaredRiffSize !== buf.length - 8) throw new Error(`RIFF size ${header.declaredRiffSize} != ${buf.length - 8} (total ${buf.length} bytes)`);
  if (header.declaredDataSize !== dataBytes) throw new Error(`data size ${header.declaredDataSize} != ${dataBytes} bytes after the header`);
  if (dataBytes % BYTES_PER_SAMPLE !== 0) throw new Error(`odd data size ${dataBytes}`);
  return { bytes: buf.length, dataBytes, seconds: dataBytes / BYTES_PER_SAMPLE / SAMPLE_RATE };
}

/** One line of the human preflight report: ✓ pass, ! warn, ✗ fail, - skip. */
export interface PreflightLine {
  mark: '✓' | '!' | '✗' | '-';
  id: string;
  text: string;
}

/** The check lines of `pocket-tts-runtime preflight`'s human output. */
export function preflightLines(output: string): PreflightLine[] {
  return output.split('\n').flatMap((line) => {
    const match = /^([✓!✗-]) (\S+)\s+(.*)$/.exec(line);
    return match === null ? [] : [{ mark: match[1] as PreflightLine['mark'], id: match[2]!, text: match[3]! }];
  });
}

/**
 * The lines that are neither a pass nor a skip. With the contract double exactly one is expected: the
 * `pocket-tts` warning that no real speech comes out (which --strict makes a failure, by design).
 */
export function preflightProblems(output: string): PreflightLine[] {
  return preflightLines(output).filter((l) => l.mark === '!' || l.mark === '✗');
}

/** A TCP port nobody listens on right now (for host ports the tier publishes). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** POST /speak to the app; resolves with the status and body bytes. */
export async function speak(port: number, body: { text: string; voice?: string }, timeoutMs = 120_000): Promise<{ status: number; body: Buffer; type: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/speak`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()), type: response.headers.get('content-type') ?? '' };
}

/** GET a path on 127.0.0.1:port; null when nothing answers. */
export async function httpGet(port: number, path: string, timeoutMs = 5_000): Promise<{ status: number; text: string } | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, text: await response.text() };
  } catch {
    return null;
  }
}

/** RUNTIME.md's image size budget ("budget: at most N GB for English"), in bytes. */
export function sizeBudget(): number {
  return Number(fromRuntimeMd(/budget: at most ([\d.]+) GB/, 'the image size budget ("budget: at most N GB")')) * 1e9;
}

export interface BudgetCheck {
  /** The image as it would be on the official python:slim base, with the English HF cache baked in. */
  comparable: number;
  budget: number;
  explanation: string;
}

/**
 * RUNTIME.md's budget is for the image on python:<version>-slim with the English model files baked in
 * (PREFETCH=1). Here the base is the stand-in (Debian's Python: larger than python:slim) and PREFETCH=0, so
 * the image is compared as: its size − the stand-in base + python:slim (RUNTIME.md's figure) + the English
 * HF cache (RUNTIME.md's figure, when not baked in).
 */
export function budgetCheck(imageBytes: number, standInBaseBytes: number, prefetched: boolean): BudgetCheck {
  const officialBase = Number(fromRuntimeMd(/\| `python:[^`]*slim[^`]*` \| ~(\d+) MB/, 'the python:slim size row')) * 1e6;
  const hfCache = prefetched ? 0 : Number(fromRuntimeMd(/\| HF cache, English[^|]*\| ~(\d+) MB/, 'the English HF cache row')) * 1e6;
  const comparable = imageBytes - standInBaseBytes + officialBase + hfCache;
  const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
  const explanation = `${mb(imageBytes)} built − ${mb(standInBaseBytes)} stand-in base + ${mb(officialBase)} python:slim${prefetched ? '' : ` + ${mb(hfCache)} English HF cache (PREFETCH=0 here)`} = ${mb(comparable)}`;
  return { comparable, budget: sizeBudget(), explanation };
}

function fromRuntimeMd(pattern: RegExp, what: string): string {
  const match = pattern.exec(readFileSync(join(ROOT, 'RUNTIME.md'), 'utf8'));
  if (match?.[1] === undefined) throw new Error(`RUNTIME.md does not state ${what}`);
  return match[1];
}

/**
 * Where a string (a build secret) shows up in an image: its files (read as root), its history, its config.
 * Empty when nowhere.
 */
export async function placesHolding(tag: string, needle: string): Promise<string[]> {
  const files = await podman(['run', '--rm', '--network', 'none', '--user', '0', '--env', `NEEDLE=${needle}`, tag, 'sh', '-c', 'grep -rlsF "$NEEDLE" /app /opt /var/cache /home /root /etc /usr/local /run /tmp || true']);
  const history = await podman(['history', '--no-trunc', '--format', '{{.CreatedBy}}', tag]);
  const inspect = await podman(['image', 'inspect', tag]);
  return [
    ...files.stdout.split('\n').filter(Boolean).map((file) => `file ${file}`),
    ...(history.stdout.includes(needle) ? ['history'] : []),
    ...(inspect.stdout.includes(needle) ? ['config'] : []),
  ];
}

/** Words of sample text, `chars` characters long (sentences, so the double times it like speech). */
export function sampleText(chars: number): string {
  const sentence = 'The quick brown fox jumps over the lazy dog near the quiet river bank. ';
  return sentence.repeat(Math.ceil(chars / sentence.length)).slice(0, chars).trim();
}
