import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isTtsError } from '../../../src/errors/index.js';
import { Sidecar, serveArgs } from '../../../src/engines/pool/index.js';
import type { WarningEvent } from '../../../src/events/index.js';
import { getHealth } from '../../../src/health/check.js';
import { silentLogger } from '../../../src/request/index.js';
import { descendantsOf, isAlive } from '../../support/processes.js';
import { failure, recordingLogger, sidecarRuntime } from './support.js';

afterEach(async () => {
  expect(await descendantsOf(process.pid)).toEqual([]);
});

async function occupy(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address !== null ? address.port : 0 };
}

describe('serveArgs', () => {
  it.each([
    [{}, ['serve', '--host', '127.0.0.1', '--port', '9000']],
    [{ language: 'german', quantize: true }, ['serve', '--host', '127.0.0.1', '--port', '9000', '--language', 'german', '--quantize']],
    [{ config: '/m.yaml', quantize: false }, ['serve', '--host', '127.0.0.1', '--port', '9000', '--config', '/m.yaml']],
  ])('%j', (model, argv) => {
    expect(serveArgs('127.0.0.1', 9000, model)).toEqual(argv);
  });
});

describe('Sidecar (pocket-tts serve of the double)', () => {
  it('is ready once bound and healthy, on loopback, and stops as a whole group', async () => {
    const sidecar = await Sidecar.start({ runtime: await sidecarRuntime(), host: '127.0.0.1', startTimeoutMs: 30_000, log: silentLogger });
    expect(sidecar.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await getHealth(sidecar.url, { timeoutMs: 2_000 })).toBe(200);
    expect(sidecar.stderr.lines().some((line) => line.includes(`Uvicorn running on ${sidecar.url}`))).toBe(true);
    await sidecar.stop(2_000);
    expect(await isAlive(sidecar.pid)).toBe(false);
    expect(await getHealth(sidecar.url, { timeoutMs: 500 })).toBeNull();
  });

  it.each([
    ['uvicorn 0.54+ (exit 3)', {}, 3],
    ['older uvicorn (exit 1)', { UVICORN: 'legacy' }, 1],
  ])('does not trust another server already on the port: the conflict shows after the load, as SERVER_START_FAILED, whatever the exit code: %s', async (_, knobs, code) => {
    const { server, port } = await occupy();
    try {
      const error = await failure(Sidecar.start({ runtime: await sidecarRuntime({ LOAD_MS: '100', ...knobs }), host: '127.0.0.1', port, startTimeoutMs: 30_000, log: silentLogger }));
      expect(isTtsError(error, 'SERVER_START_FAILED'), String(error)).toBe(true);
      if (!isTtsError(error)) return;
      expect(error.exitCode).toBe(code);
      expect(error.shortMessage).toMatch(/exited before it was ready \(exit code \d\).*address already in use/);
      expect(error.stderr).toContain('Loading model');
      expect(error.hint).toContain(`Port ${port} is taken`);
      expect(error.details.port).toBe(port);
    } finally {
      server.close();
    }
  });

  it.each([
    ['SIGTERM re-raised (uvicorn 0.54+)', {}, 'SIGTERM', null],
    ['exit 0 (older uvicorn)', { UVICORN: 'legacy' }, null, 0],
  ])('a stop is clean whatever the exit: %s', async (_, knobs, signal, exitCode) => {
    const log = recordingLogger();
    const sidecar = await Sidecar.start({ runtime: await sidecarRuntime(knobs), host: '127.0.0.1', startTimeoutMs: 30_000, log: log.logger });
    await sidecar.stop(5_000);
    expect(await sidecar.exited).toMatchObject({ signal, exitCode });
    expect(log.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('the exit abort after a clean shutdown is absorbed with a warning; a stop that ends otherwise is logged', async () => {
    const log = recordingLogger();
    const warnings: WarningEvent[] = [];
    const sidecar = await Sidecar.start({ runtime: await sidecarRuntime({ FAIL: 'exit-abort' }), host: '127.0.0.1', startTimeoutMs: 30_000, log: log.logger, onWarning: (w) => warnings.push(w) });
    await sidecar.stop(5_000);
    expect((await sidecar.exited).signal).toBe('SIGABRT');
    expect(warnings).toEqual([expect.objectContaining({ type: 'exit-abort', process: 'serve' })]);
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([warnings[0]?.message]);
  });

  it('gives SERVER_START_FAILED with the log excerpt when the start deadline passes (model still loading)', async () => {
    // A deadline long enough for Python to start and log even on a loaded machine, far shorter than the load.
    const error = await failure(Sidecar.start({ runtime: await sidecarRuntime({ LOAD_MS: '120000' }), host: '127.0.0.1', startTimeoutMs: 4_000, log: silentLogger }));
    expect(isTtsError(error, 'SERVER_START_FAILED')).toBe(true);
    expect(isTtsError(error) && error.shortMessage).toMatch(/did not become healthy within 4000 ms/);
    expect(isTtsError(error) && error.stderr).toContain('Loading model');
  });

  it('reports a sidecar that dies while loading, and one that cannot be started at all', async () => {
    const died = await failure(Sidecar.start({ runtime: await sidecarRuntime({ FAIL: 'die-on-load' }), host: '127.0.0.1', startTimeoutMs: 30_000, log: silentLogger }));
    expect(isTtsError(died, 'SERVER_START_FAILED')).toBe(true);
    expect(isTtsError(died) && died.signal).toBe('SIGKILL');
    const runtime = await sidecarRuntime();
    const missing = await failure(Sidecar.start({ runtime: { ...runtime, pocketTts: { file: '/nonexistent/pocket-tts', args: [] } }, host: '127.0.0.1', startTimeoutMs: 30_000, log: silentLogger }));
    expect(isTtsError(missing, 'SERVER_START_FAILED')).toBe(true);
    expect(isTtsError(missing) && missing.shortMessage).toContain('could not be started (ENOENT)');
  });

  it('classifies a model that cannot load (offline) from the sidecar log', async () => {
    const error = await failure(Sidecar.start({ runtime: await sidecarRuntime({ FAIL: 'offline' }), host: '127.0.0.1', startTimeoutMs: 30_000, log: silentLogger }));
    expect(isTtsError(error, 'SERVER_START_FAILED')).toBe(true);
    expect(isTtsError(error) && error.details.classified).toBe('MODEL_DOWNLOAD_FAILED');
    expect(isTtsError(error) && error.shortMessage).toContain('LocalEntryNotFoundError');
  });
});
