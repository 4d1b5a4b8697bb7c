import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHealth } from '../../src/health/check.js';
import { runCli } from '../support/cli.js';

let status = 200;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(req.url === '/health' ? status : 404, { 'content-type': 'application/json' });
    res.end(status === 200 ? '{"status":"healthy"}' : '{"status":"no worker ready"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('health', () => {
  it('is ok on 200 and not on 503 or a refused connection', async () => {
    status = 200;
    expect(await checkHealth(url)).toMatchObject({ ok: true, status: 200, body: '{"status":"healthy"}' });
    status = 503;
    expect(await checkHealth(url)).toMatchObject({ ok: false, status: 503 });
    expect(await checkHealth('http://127.0.0.1:9')).toMatchObject({ ok: false, status: null });
  });

  it('the CLI exits 0 when healthy and 1 when not (for HEALTHCHECK and probes)', async () => {
    status = 200;
    const healthy = await runCli(['health', '--url', url]);
    expect(healthy.exitCode).toBe(0);
    expect(healthy.stdout).toContain('healthy');
    status = 503;
    const sick = await runCli(['health', '--url', url, '--json']);
    expect(sick.exitCode).toBe(1);
    expect(JSON.parse(String(sick.stdout))).toMatchObject({ ok: false, status: 503 });
  });
});
