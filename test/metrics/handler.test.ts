// metricsHandler on a real node:http server; the metrics option: registries, prefixes, sharing, conflicts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Registry, register } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import { METRICS, metricsHandler } from '../../src/metrics/index.js';
import { createTts } from '../../src/tts/index.js';
import { doubleRuntime } from '../support/double-runtime.js';
import { scrape } from './support.js';

function invalidConfig(make: () => unknown): unknown {
  try {
    make();
  } catch (error) {
    return isTtsError(error, 'INVALID_CONFIG') ? error.field : error;
  }
  return 'no error';
}

describe('metricsHandler', () => {
  const registry = new Registry();
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer(metricsHandler(registry));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers with the registry\'s text exposition and content type', async () => {
    const tts = createTts({ runtime: await doubleRuntime(), concurrency: 3, metrics: { registry } });
    await tts.ready();
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    for (const def of Object.values(METRICS)) expect(text).toContain(`# TYPE pocket_tts_${def.name} ${def.type}`);
    expect(text).toContain('pocket_tts_workers_idle{mode="cli"} 3');
    await tts.close();
    expect(await (await fetch(url)).text()).not.toContain('pocket_tts_workers_idle{'); // a closed instance leaves the gauges
  });

  it('answers 500 with the reason when collecting fails', async () => {
    const broken = new Registry();
    new Counter({ name: 'broken_total', help: 'throws on collect', registers: [broken], collect: () => Promise.reject(new Error('collector down')) });
    const failing = createServer(metricsHandler(broken));
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const res = await fetch(`http://127.0.0.1:${(failing.address() as AddressInfo).port}/`);
    await new Promise((resolve) => failing.close(resolve));
    expect([res.status, await res.text()]).toEqual([500, 'cannot collect metrics: collector down\n']);
  });
});

describe('the metrics option of createTts', () => {
  it('`true` registers on prom-client\'s default registry; a prefix renames every metric', async () => {
    const runtime = await doubleRuntime();
    const tts = createTts({ runtime, metrics: true });
    expect(register.getSingleMetric('pocket_tts_requests_total')).toBeDefined();
    const custom = new Registry();
    const named = createTts({ runtime, metrics: { registry: custom, prefix: 'myapp_tts_' } });
    expect(custom.getMetricsAsArray().map((metric) => metric.name).sort()).toEqual(Object.values(METRICS).map((def) => `myapp_tts_${def.name}`).sort());
    await Promise.all([tts.close(), named.close()]);
    register.clear();
  });

  it('two instances on one registry share the metrics: gauges and counts add up, nothing is registered twice', async () => {
    const registry = new Registry();
    const runtime = await doubleRuntime();
    const a = createTts({ runtime, concurrency: 2, metrics: { registry } });
    const b = createTts({ runtime, concurrency: 3, metrics: { registry } });
    await Promise.all([a.ready(), b.ready(), a.generate({ text: 'One.' }), b.generate({ text: 'Two.' })]);
    let m = await scrape(registry);
    expect(m.value('pocket_tts_workers_idle', { mode: 'cli' })).toBe(5);
    expect(m.value('pocket_tts_requests_total', { outcome: 'ok' })).toBe(2);
    await a.close();
    m = await scrape(registry);
    expect(m.value('pocket_tts_workers_idle', { mode: 'cli' })).toBe(3);
    await b.close();
  });

  it('refuses a bad prefix, a registry that is none, and a name another metric already holds (INVALID_CONFIG)', () => {
    expect(invalidConfig(() => createTts({ metrics: { prefix: '9bad-' } }))).toBe('metrics.prefix');
    expect(invalidConfig(() => createTts({ metrics: { registry: {} as Registry } }))).toBe('metrics.registry');
    expect(invalidConfig(() => createTts({ metrics: 'yes' as unknown as boolean }))).toBe('metrics');
    const registry = new Registry();
    new Counter({ name: 'pocket_tts_errors_total', help: 'the application\'s own', registers: [registry] });
    expect(invalidConfig(() => createTts({ metrics: { registry } }))).toBe('metrics');
    expect(registry.getMetricsAsArray()).toHaveLength(1); // nothing of ours was registered
  });
});
