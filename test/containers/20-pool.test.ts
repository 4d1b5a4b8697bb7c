// docker/compose.yaml's two containers (the pool image and the Python-free service image) run as a podman
// pod: preflight first, the sidecar until healthy, then the app, which reaches the pool by URL. A SIGTERM
// to the pod drains the requests in flight.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readCompose } from '../docker/support/recipes.js';
import { budgetCheck, freePort, httpGet, placesHolding, preflightProblems, sampleText, speak, waitUntil, wholeWav } from './support/checks.js';
import { podCreateArgs, POD_DIFFERENCES, serviceRun, type PodNames, type ServiceRun } from './support/compose.js';
import { APP_VOICES } from './support/context.js';
import { describeEngines } from './support/engines.js';
import { buildImage, formatBytes, HF_TOKEN_STAND_IN, type BuiltImage } from './support/images.js';
import { createVolume, imageFacts, podman, podmanChild, podmanOk, removeRunObjects, RUN_PREFIX, tail, volumeFrom } from './support/podman.js';
import { standIns } from './support/standins.js';
import { measure, seconds } from './support/report.js';

const POOL_UID = '10001';
const SERVICE_UID = '1000';

await describeEngines('docker/compose.yaml as a podman pod', 'pool', (engine) => {
  const compose = readCompose();
  const pod = `${RUN_PREFIX}-compose-${engine.name}`;
  let sidecarImage: BuiltImage;
  let serviceImage: BuiltImage;
  let names: PodNames;
  let port: number;
  const runs: Record<string, ServiceRun> = {};

  beforeAll(async () => {
    console.log(`  how the pod differs from docker compose up:\n${POD_DIFFERENCES.map((d) => `    - ${d}`).join('\n')}`);
    const hfCache = await volumeFrom(`compose-${engine.name}-hf-cache`, await engine.hfCache(), Number(POOL_UID));
    // Empty: the pool image seeds it with its exported voices the first time it is mounted.
    const voices = await createVolume(`compose-${engine.name}-voices`);
    names = { pod, images: {}, volumes: { 'hf-cache': hfCache, voices } };
  });
  afterAll(() => removeRunObjects(pod));

  it('builds docker/Dockerfile.sidecar (the pool image): within the size budget, as UID 10001, no trace of the hf_token secret', async () => {
    sidecarImage = await buildImage('Dockerfile.sidecar', engine);
    measure({ what: `build docker/Dockerfile.sidecar (${engine.name})`, value: `${seconds(sidecarImage.ms)}, ${sidecarImage.cachedSteps} of ${sidecarImage.steps} steps from the layer cache`, ms: sidecarImage.ms });
    const check = budgetCheck(sidecarImage.size, (await imageFacts((await standIns()).python.tag))!.size, engine.buildArgs.PREFETCH === '1');
    measure({ what: `image size docker/Dockerfile.sidecar (${engine.name})`, value: `${formatBytes(sidecarImage.size)} (budget check: ${check.explanation})`, bytes: sidecarImage.size });
    expect(check.comparable).toBeLessThanOrEqual(check.budget);
    expect(sidecarImage.user).toBe(`${POOL_UID}:${POOL_UID}`);
    expect(await placesHolding(sidecarImage.tag, HF_TOKEN_STAND_IN)).toEqual([]);
  });

  it('builds docker/Dockerfile.service: Node only (no Python at all), as the node image\'s UID 1000', async () => {
    serviceImage = await buildImage('Dockerfile.service', null);
    measure({ what: 'build docker/Dockerfile.service', value: `${seconds(serviceImage.ms)}, ${serviceImage.cachedSteps} of ${serviceImage.steps} steps from the layer cache`, ms: serviceImage.ms });
    measure({ what: 'image size docker/Dockerfile.service', value: formatBytes(serviceImage.size), bytes: serviceImage.size });
    expect(serviceImage.user).toBe(`${SERVICE_UID}:${SERVICE_UID}`);
    const python = await podman(['run', '--rm', '--network', 'none', serviceImage.tag, 'sh', '-c', 'command -v python3 python || echo none']);
    expect(python.stdout.trim()).toBe('none');
    const tts = compose.services as Record<string, { image: string }>;
    names.images = { [tts.sidecar!.image]: sidecarImage.tag, [tts.app!.image]: serviceImage.tag };
    for (const service of ['preflight', 'sidecar', 'app']) {
      runs[service] = serviceRun(compose, service, names, { detach: service !== 'preflight', ...(service === 'sidecar' ? { env: engine.slowGenerationEnv } : {}) });
    }
  });

  it('creates the pod (the app\'s published port on a free host port; "sidecar" resolves inside the pod)', async () => {
    port = await freePort();
    await podmanOk(podCreateArgs(compose, names, { '3000:3000': port }));
  });

  it(`preflight (compose's one-shot service, --strict) on the shared volumes: ${engine.strictPasses ? 'passes' : 'only the double\'s "no real speech" warning fails --strict, by design'}`, async () => {
    const result = await podman(runs.preflight!.args);
    const problems = preflightProblems(result.all).map((p) => `${p.mark} ${p.id}`);
    if (engine.strictPasses) {
      expect(result.exitCode, result.all).toBe(0);
    } else {
      expect(result.exitCode, result.all).toBe(1);
      expect(problems, result.all).toEqual(['! pocket-tts']);
    }
  });

  it('sidecar (depends_on preflight) starts and its compose healthcheck passes', async () => {
    expect(runs.sidecar!.dependsOn).toEqual({ preflight: 'service_completed_successfully' });
    const started = performance.now();
    await podmanOk(runs.sidecar!.args);
    await waitUntil(async () => (await podman(['healthcheck', 'run', runs.sidecar!.container])).exitCode === 0, { timeoutMs: 180_000, intervalMs: 1_000, what: 'the sidecar to pass its healthcheck' });
    measure({ what: `sidecar healthy after (${engine.name}, 2 workers)`, value: seconds(performance.now() - started), ms: performance.now() - started });
  });

  it('the voices volume was seeded from the pool image with the voices exported at build time', async () => {
    const listed = await podmanOk(['exec', runs.sidecar!.container, 'ls', '/app/.pocket-tts/voices']);
    expect(listed.stdout.split('\n').filter(Boolean).sort()).toEqual(['index.json', ...APP_VOICES.map((v) => `${v}.safetensors`)].sort());
  });

  it('app (depends_on the healthy sidecar) reaches the pool at POCKET_TTS_URL and turns healthy', async () => {
    expect(runs.app!.dependsOn).toEqual({ sidecar: 'service_healthy' });
    expect(runs.app!.args).toContain('POCKET_TTS_URL=http://sidecar:8000');
    await podmanOk(runs.app!.args);
    await waitUntil(async () => (await httpGet(port, '/health'))?.status === 200, { timeoutMs: 60_000, intervalMs: 500, what: 'the app to answer GET /health with 200' });
    // Its image's HEALTHCHECK, the same check from inside.
    expect((await podman(['healthcheck', 'run', runs.app!.container])).exitCode).toBe(0);
  });

  it('POST /speak with an exported voice (read from the read-only voices volume, uploaded to the pool) gives a whole WAV', async () => {
    for (const voice of [...APP_VOICES, undefined]) {
      const answer = await speak(port, { text: sampleText(150), ...(voice === undefined ? {} : { voice }) });
      expect(answer.status, answer.body.toString('utf8').slice(0, 300)).toBe(200);
      expect(wholeWav(answer.body).seconds).toBeGreaterThan(1);
    }
  });

  it('SIGTERM to the pod\'s containers drains the requests in flight: each completes whole, every container exits 0 within the grace period', async () => {
    // Shorter than the pool's fan-out threshold (300 characters): each request runs on one worker, none waits
    // in the pool's queue (a request still queued there when the pool closes is refused with CLOSED). Short
    // enough to finish within serve's drain timeout (10 s) even on a loaded machine.
    const texts = [sampleText(200), sampleText(180)];
    const requests = texts.map((text, i) => speak(port, { text, voice: APP_VOICES[i % APP_VOICES.length]! }));
    // Both running at the pool: as many workers busy as requests, nothing queued (the pool's own metrics,
    // watched from inside its container: the pool port is never published).
    const running = await untilPoolRuns(runs.sidecar!.container, texts.length);
    expect(running.exitCode, running.all).toBe(0);
    const grace = Number(/--stop-timeout\s(\d+)/.exec(runs.sidecar!.args.join(' '))?.[1] ?? '10');
    // SIGTERM to every service container at once, as `docker compose stop` and a kubelet send it; the pod
    // (its network) stays up until they have exited (see POD_DIFFERENCES: podman's `pod stop` would not).
    const stop = podmanChild(['stop', '--time', String(grace), runs.app!.container, runs.sidecar!.container]);
    const started = performance.now();
    const answers = await Promise.all(requests).catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n${await logsOf(runs.app!.container)}\n${await logsOf(runs.sidecar!.container)}`);
    });
    const stopped = await stop;
    const stopMs = performance.now() - started;
    expect(stopped.exitCode, String(stopped.all)).toBe(0);
    await podmanOk(['pod', 'stop', pod]);
    for (const answer of answers) {
      expect(answer.status, answer.body.toString('utf8').slice(0, 300)).toBe(200);
      expect(wholeWav(answer.body).seconds).toBeGreaterThan(8);
    }
    // Exit 0 for both: neither was killed at the end of the grace period (that would be 137).
    for (const service of ['sidecar', 'app']) {
      const state = await podman(['inspect', runs[service]!.container, '--format', '{{.State.ExitCode}}']);
      expect(`${service} exit ${state.stdout.trim()}`).toBe(`${service} exit 0`);
    }
    measure({ what: `SIGTERM to the containers until both exited, 2 requests in flight (${engine.name})`, value: seconds(stopMs), ms: stopMs });
  });
});

async function logsOf(container: string): Promise<string> {
  const logs = await podman(['logs', container]);
  return `--- podman logs ${container}:\n${tail(logs.all, 30)}`;
}

// Waits, inside the pool's container, until its /metrics show `busy` workers busy and nobody queued (one
// node process polling every 50 ms: quick enough to catch requests that last a few seconds).
function untilPoolRuns(container: string, busy: number) {
  const script = `const deadline = Date.now() + 30_000;
const value = (text, name) => {
  const line = text.split(String.fromCharCode(10)).find((l) => l.startsWith(name + '{') && l.includes('mode="server"'));
  return line === undefined ? NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
};
while (Date.now() < deadline) {
  const text = await (await fetch('http://127.0.0.1:8000/metrics')).text();
  if (value(text, 'pocket_tts_workers_busy') === ${busy} && value(text, 'pocket_tts_queue_depth') === 0) process.exit(0);
  await new Promise((resolve) => setTimeout(resolve, 50));
}
console.error('the pool never had ${busy} workers busy and an empty queue');
process.exit(1);`;
  return podman(['exec', container, 'node', '--input-type=module', '-e', script], { timeoutMs: 60_000 });
}
