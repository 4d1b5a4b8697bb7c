import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import type { Runtime } from '../../src/runtime/index.js';
import type { GenerateRequest } from '../../src/request/index.js';
import { createTts } from '../../src/tts/index.js';
import { runCli } from '../support/cli.js';
import { spawnRecorder, tempDir } from '../support/double-runtime.js';

// Server mode refuses what no sidecar can serve before the pool starts: the runtime is a recorder that
// notes any start, and none may happen.
let runtime: Runtime;
let marker: string;
let bin: string;

beforeAll(async () => {
  ({ runtime, marker } = await spawnRecorder(await tempDir('ptr-precheck-')));
  bin = runtime.pocketTts.file;
});

const refused: [string, GenerateRequest, string][] = [
  ['an eos threshold', { text: 'hi', eosThreshold: 50 }, 'eosThreshold'],
  ['a temperature', { text: 'hi', temperature: 0.2 }, 'temperature'],
  ['another language', { text: 'hi', language: 'german' }, 'language'],
  ['quantize on a plain pool', { text: 'hi', quantize: true }, 'quantize'],
];

describe('server mode: parameters the pool cannot serve are refused before any sidecar starts', () => {
  it.each(refused)('%s (generate and stream)', async (_name, request, field) => {
    const tts = createTts({ mode: 'server', runtime, server: { workers: 1 } });
    const error = await tts.generate(request).then(() => null, (e: unknown) => e);
    const streamError = await new Promise((resolve) => tts.stream(request).once('error', resolve));
    await tts.close();
    expect(isTtsError(error, 'INVALID_INPUT'), String(error)).toBe(true);
    expect(isTtsError(error) && error.field).toBe(field);
    expect(isTtsError(streamError, 'INVALID_INPUT')).toBe(true);
    await expect(readFile(marker)).rejects.toThrow();
  });

  it('`generate --mode server --eos-threshold 50` exits 2 (a usage error) with INVALID_INPUT and spawns nothing', async () => {
    const cli = await runCli(['generate', '--mode', 'server', '--executable', bin, '--text', 'hi', '--out', '-', '--eos-threshold', '50']);
    expect(cli.exitCode).toBe(2);
    expect(cli.stderr).toMatch(/^INVALID_INPUT: eosThreshold cannot be set per request in server mode/m);
    await expect(readFile(marker)).rejects.toThrow();
  });

  it('a request the pool can serve does start it', async () => {
    const tts = createTts({ mode: 'server', runtime, server: { workers: 1, maxStartFailures: 1, startTimeoutMs: 5_000 } });
    const error = await tts.generate({ text: 'hi' }).then(() => null, (e: unknown) => e);
    await tts.close();
    expect(isTtsError(error, 'SERVER_START_FAILED'), String(error)).toBe(true);
    expect(await readFile(marker, 'utf8')).toContain('serve');
  });
});
