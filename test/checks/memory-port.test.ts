import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { judgeMemory, memory } from '../../checks/memory.js';
import { judgePorts, port } from '../../checks/port.js';
import { facts } from './support.js';

const GiB = 1024 ** 3;

describe('memory check', () => {
  it.each([
    [8 * GiB, 4, false, 'pass', '8.0 GiB available, 4 workers need ~4.8 GiB (~1.2 GiB per sidecar while its model loads)', undefined],
    [4 * GiB, 4, false, 'fail', '4.0 GiB available, 4 workers need ~4.8 GiB', 'use fewer workers: --workers 3'],
    [4 * GiB, 4, true, 'fail', '4 workers need ~4.8 GiB (~1.2 GiB per sidecar while its model loads, quantized too)', 'use fewer workers: --workers 3'],
    [1 * GiB, 1, false, 'fail', '1.0 GiB available, 1 worker needs ~1.2 GiB', 'free memory: not even one sidecar fits'],
    [1.4 * GiB, 1, false, 'warn', 'little headroom', 'free memory, or use fewer workers'],
  ] as const)('%d bytes for %d workers (quantized %s)', (available, workers, quantize, status, message, hint) => {
    const outcome = judgeMemory(available, workers, quantize);
    expect(outcome.status).toBe(status);
    expect(outcome.message).toContain(message);
    if (hint !== undefined) expect(outcome.hint).toBe(hint);
  });

  it('reads the machine for one worker without server mode', async () => {
    expect((await memory.run(facts())).details).toMatchObject({ workers: 1, neededBytes: 1.3e9 });
  });
});

describe('port check', () => {
  const server = { workers: 2, portRange: [8000, 8003] as const };
  it.each([
    [[], 'pass', 'ports 8000-8003 can be bound on 127.0.0.1 (2 workers)'],
    [[{ port: 8000, code: 'EADDRINUSE' }], 'warn', '3 of 4 ports in 8000-8003 are free for 2 workers; busy: 8000 (EADDRINUSE)'],
    [[8000, 8001, 8002].map((p) => ({ port: p, code: 'EADDRINUSE' })), 'fail', '1 of 4 ports in 8000-8003 can be bound on 127.0.0.1, 2 workers need 2'],
  ] as const)('busy %j', (busy, status, message) => {
    const outcome = judgePorts(server, busy);
    expect(outcome.status).toBe(status);
    expect(outcome.message).toContain(message);
  });

  it('is skipped without server mode', async () => {
    expect(await port.run(facts())).toMatchObject({ status: 'skip' });
  });

  it('finds a really busy port', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const busyPort = (holder.address() as { port: number }).port;
    try {
      const outcome = await port.run(facts({ options: { server: { workers: 1, portRange: [busyPort, busyPort] } } }));
      expect(outcome).toMatchObject({ status: 'fail' });
      expect(outcome.message).toContain(`busy: ${busyPort} (EADDRINUSE)`);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
