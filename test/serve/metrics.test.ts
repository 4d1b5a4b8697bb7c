// The `serve` front's own GET /metrics: its pool's metrics, fed by the POST /tts requests it served.
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, resolveServerOptions, type Pool } from '../../src/engines/pool/index.js';
import { silentLogger } from '../../src/request/index.js';
import { observeServe, startFront, type Front } from '../../src/serve/index.js';
import { descendantsOf } from '../support/processes.js';
import { FAST, sidecarRuntime } from '../engines/pool/support.js';
import { recordingLogger } from '../metrics/support.js';

async function post(url: string, fields: Record<string, string | Blob>, filename = 'voice.wav'): Promise<number> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value, ...(value instanceof Blob ? [filename] : []));
  const res = await fetch(`${url}/tts`, { method: 'POST', body: form });
  await res.arrayBuffer();
  return res.status;
}

// `name{labels} value` lines of a text exposition, by their name and label text.
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics of the pool front (pocket-tts-runtime serve)', () => {
  let pool: Pool;
  let front: Front;
  let bare: Front;
  const log = recordingLogger();

  beforeAll(async () => {
    pool = createPool({ runtime: await sidecarRuntime({ LOAD_MS: '300' }), server: resolveServerOptions({ ...FAST, workers: 2 }), maxQueue: 4, log: silentLogger });
    const observed = observeServe(pool, log.logger, { metrics: true }); // before start(): the first loads count
    await pool.start();
    const common = { pool, host: '127.0.0.1', port: 0, allowRemoteVoices: false, timeoutMs: 30_000, maxBodyBytes: 8 * 1024 * 1024, log: silentLogger };
    front = await startFront({ ...common, metrics: observed.registry, onRequest: observed.onRequest });
    bare = await startFront(common);
  });

  afterAll(async () => {
    await pool.close({ drain: false });
    await Promise.all([front.close(), bare.close()]);
    expect(await descendantsOf(process.pid)).toEqual([]);
  });

  it('serves the pool\'s metrics in the Prometheus text format after scripted POST /tts traffic', async () => {
    const wav = new Blob([new Uint8Array(44)]);
    expect(await post(front.url, { text: 'Served by the pool.' })).toBe(200);
    expect(await post(front.url, { text: 'Served by the pool.', voice_url: 'alba' })).toBe(200);
    expect(await post(front.url, { voice_url: 'alba' })).toBe(422); // no text: refused by the front itself
    expect(await post(front.url, { text: 'A third one.' })).toBe(200);
    expect(await post(front.url, { text: 'A voice that is no WAV.', voice_wav: wav })).toBe(400); // a client's bad upload is a 4xx (issue 20)
    const res = await fetch(`${front.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(Registry.PROMETHEUS_CONTENT_TYPE);
    const text = await res.text();
    expect(text).toContain('# TYPE pocket_tts_requests_total counter');
    expect(sample(text, 'pocket_tts_requests_total{mode="server",api="http",outcome="ok"}')).toBe(3);
    expect(sample(text, 'pocket_tts_requests_total{mode="server",api="http",outcome="error"}')).toBe(2);
    expect(sample(text, 'pocket_tts_errors_total{mode="server",code="INVALID_INPUT"}')).toBe(1);
    expect(sample(text, 'pocket_tts_errors_total{mode="server",code="INVALID_VOICE"}')).toBe(1);
    expect(sample(text, 'pocket_tts_voice_requests_total{mode="server",source="catalog"}')).toBe(1);
    expect(sample(text, 'pocket_tts_voice_requests_total{mode="server",source="encoded"}')).toBe(1);
    expect(sample(text, 'pocket_tts_voice_requests_total{mode="server",source="default"}')).toBe(2);
    expect(sample(text, 'pocket_tts_model_load_seconds_count')).toBe(2);
    expect(sample(text, 'pocket_tts_model_load_seconds_bucket{le="0.25"}')).toBe(0);
    expect(sample(text, 'pocket_tts_workers_idle{mode="server"}')).toBe(2);
    expect(sample(text, 'pocket_tts_first_audio_seconds_count{mode="server"}')).toBe(3);
    expect(text).toContain('process_cpu_user_seconds_total'); // prom-client's default process metrics
  });

  it('logs every POST /tts as a request line; without a registry /metrics stays a 404', async () => {
    const lines = log.lines.filter((l) => l.obj.event === 'request');
    expect(lines.map((l) => [l.level, l.obj.api, l.obj.outcome])).toEqual([
      ['info', 'http', 'ok'],
      ['info', 'http', 'ok'],
      ['warn', 'http', 'error'],
      ['info', 'http', 'ok'],
      ['warn', 'http', 'error'],
    ]);
    expect((await fetch(`${bare.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${front.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
