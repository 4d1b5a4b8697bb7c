// docker/k8s/deployment.yaml played by `podman kube play`: its init containers run prefetch and preflight
// before the pool and the app start, its probes answer, the pod speaks, with the manifest's security
// context and limits. Podman is not a kubelet: see KUBE_IGNORED and the substitutions printed below.
import { connect } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { asArray, at, readK8sDocuments, str, strings } from '../docker/support/recipes.js';
import { freePort, httpGet, preflightProblems, sampleText, speak, waitUntil, wholeWav } from './support/checks.js';
import { describeEngines } from './support/engines.js';
import { buildImage } from './support/images.js';
import { containerNamed, execProbe, KUBE_IGNORED, playedDeployment, type PlayedManifest } from './support/kube.js';
import { createVolume, podman, podmanOk, removeRunObjects, RUN_PREFIX, runTemp, volumeFrom } from './support/podman.js';
import { measure, seconds } from './support/report.js';

const deployment = readK8sDocuments().find((d) => d.file === 'deployment.yaml')!.doc;
const manifestImage = str(at(containerNamed(deployment, 'pocket-tts'), 'image'));
const APP_UID = '10001';

interface PodEvent {
  Name: string;
  Status: string;
  Time: string;
  ContainerExitCode?: number;
}

await describeEngines('docker/k8s/deployment.yaml with podman kube play', 'pool', (engine) => {
  let played: PlayedManifest;
  let file: string;
  let hostPort: number;
  let hfCache: string;
  const container = (name: string) => `${played.pod}-${name}`;

  beforeAll(async () => {
    const image = await buildImage('Dockerfile', engine);
    // The manifest's image name, pointing at this build (imagePullPolicy IfNotPresent: nothing is pulled).
    await podmanOk(['tag', image.tag, manifestImage]);
    hfCache = await volumeFrom(`kube-${engine.name}-hf-cache`, await engine.hfCache(), Number(APP_UID));
    hostPort = await freePort();
    played = playedDeployment(deployment, { prefix: RUN_PREFIX, hostPort, hfCacheVolume: hfCache, dropStrict: !engine.strictPasses });
    file = join(await runTemp('kube-'), 'deployment.yaml');
    await writeFile(file, played.yaml);
    console.log(`  played ${file}, substitutions:\n${played.substitutions.map((s) => `    - ${s}`).join('\n')}`);
    console.log(`  what podman kube play ignores, and how the tier covers it:\n${KUBE_IGNORED.map((s) => `    - ${s}`).join('\n')}`);
  });
  // The pod, its containers, and the anonymous volumes made for the image's VOLUMEs while it was played:
  // podman removes each init container once it exited, but not its anonymous volumes.
  let volumesBefore = new Set<string>();
  afterAll(async () => {
    if (played === undefined) return;
    await removeRunObjects(played.pod);
    await podman(['kube', 'down', file]);
    const volumes = JSON.parse((await podman(['volume', 'ls', '--format', 'json'])).stdout || '[]') as { Name: string; Anonymous?: boolean }[];
    // Not --force: a volume another container still uses stays.
    for (const volume of volumes.filter((v) => v.Anonymous === true && !volumesBefore.has(v.Name))) await podman(['volume', 'rm', volume.Name]);
  });

  it(`the preflight init container's exact command, on the pod's volumes and security context: ${engine.strictPasses ? 'passes' : 'only the double\'s "no real speech" warning fails --strict, by design'}`, async () => {
    const spec = containerNamed(deployment, 'preflight');
    const tmp = await createVolume(`kube-${engine.name}-preflight-tmp`);
    const home = await createVolume(`kube-${engine.name}-preflight-home-cache`);
    const result = await podman([
      'run', '--rm', '--user', `${APP_UID}:${APP_UID}`, '--read-only', '--read-only-tmpfs=false', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
      '--memory', '4608m', '--cpus', '3',
      '--volume', `${hfCache}:/var/cache/huggingface`, '--volume', `${tmp}:/tmp`, '--volume', `${home}:/home/app/.cache`,
      manifestImage, ...strings(spec.command),
    ]);
    if (engine.strictPasses) expect(result.exitCode, result.all).toBe(0);
    else {
      expect(result.exitCode, result.all).toBe(1);
      expect(preflightProblems(result.all).map((p) => `${p.mark} ${p.id}`), result.all).toEqual(['! pocket-tts']);
    }
  });

  it('plays the Deployment: the init containers (prefetch, then preflight) run to completion before the pool and the app start', async () => {
    const since = new Date(Date.now() - 1_000).toISOString();
    volumesBefore = new Set((await podmanOk(['volume', 'ls', '--quiet'])).stdout.split('\n').filter(Boolean));
    const play = await podman(['kube', 'play', file], { timeoutMs: 300_000 });
    expect(play.exitCode, play.all).toBe(0);
    measure({ what: `podman kube play (${engine.name})`, value: seconds(play.ms), ms: play.ms });
    const events = (await podmanOk(['events', '--stream=false', '--since', since, '--format', 'json', '--filter', 'type=container']))
      .stdout.split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as PodEvent)
      .filter((e) => e.Name.startsWith(played.pod));
    const first = (name: string, status: string) => events.findIndex((e) => e.Name === container(name) && e.Status === status);
    for (const init of ['prefetch', 'preflight']) {
      expect(first(init, 'died'), `${init} ran and exited`).toBeGreaterThan(-1);
      const died = events.filter((e) => e.Name === container(init) && e.Status === 'died');
      expect(died.map((e) => e.ContainerExitCode ?? 0), `${init}: one run, exit 0`).toEqual([0]);
    }
    expect(first('prefetch', 'died')).toBeLessThan(first('preflight', 'start'));
    for (const main of ['pocket-tts', 'app']) expect(first('preflight', 'died'), `preflight ended before ${main} started`).toBeLessThan(first(main, 'start'));
  });

  it('the pool\'s probes answer (startup, readiness, liveness: exec pocket-tts-runtime health)', async () => {
    const spec = containerNamed(deployment, 'pocket-tts');
    const startup = execProbe(spec, 'startupProbe')!;
    const budget = Number(at(spec, 'startupProbe', 'periodSeconds')) * Number(at(spec, 'startupProbe', 'failureThreshold')) * 1000;
    const started = performance.now();
    await waitUntil(async () => (await podman(['exec', container('pocket-tts'), ...startup])).exitCode === 0, { timeoutMs: budget, intervalMs: 1_000, what: 'the startupProbe to pass' });
    measure({ what: `pool startupProbe passed after (${engine.name})`, value: seconds(performance.now() - started), ms: performance.now() - started });
    for (const probe of ['readinessProbe', 'livenessProbe']) {
      const result = await podman(['exec', container('pocket-tts'), ...execProbe(spec, probe)!]);
      expect(result.exitCode, `${probe}: ${result.all}`).toBe(0);
    }
    // What podman made of them: the livenessProbe as the container's healthcheck, which passes.
    const inspect = await podmanOk(['inspect', container('pocket-tts'), '--format', '{{json .Config.Healthcheck.Test}}']);
    expect(JSON.parse(inspect.stdout) as string[]).toEqual(['CMD-SHELL', ...execProbe(spec, 'livenessProbe')!, '||', 'exit', '1']);
    expect((await podman(['healthcheck', 'run', container('pocket-tts')])).exitCode).toBe(0);
  });

  it('the app\'s probes answer (readiness: GET /health 200 once the pool answers; liveness: TCP on its port)', async () => {
    const spec = containerNamed(deployment, 'app');
    const path = str(at(spec, 'readinessProbe', 'httpGet', 'path'));
    expect(str(at(spec, 'readinessProbe', 'httpGet', 'port'))).toBe(str(at(asArray(spec.ports)[0], 'name')));
    await waitUntil(async () => (await httpGet(hostPort, path))?.status === 200, { timeoutMs: 60_000, intervalMs: 500, what: `GET ${path} to answer 200` });
    expect(str(at(spec, 'livenessProbe', 'tcpSocket', 'port'))).toBe(str(at(asArray(spec.ports)[0], 'name')));
    await new Promise<void>((resolve, reject) => {
      const socket = connect(hostPort, '127.0.0.1', () => socket.end(resolve));
      socket.once('error', reject);
    });
  });

  it('speaks: POST /speak → the app → the pool on 127.0.0.1:8000 (POCKET_TTS_URL) → a whole WAV', async () => {
    const answer = await speak(hostPort, { text: sampleText(200), voice: 'narrator' });
    expect(answer.status, answer.body.toString('utf8').slice(0, 300)).toBe(200);
    expect(wholeWav(answer.body).seconds).toBeGreaterThan(1);
  });

  it('runs with the manifest\'s security context and limits: UID 10001, read-only root, no capabilities, memory and CPU limits', async () => {
    for (const name of ['pocket-tts', 'app']) {
      const inside = await podman(['exec', container(name), 'sh', '-c', 'id -u; touch /probe-write 2>/dev/null && echo writable || echo read-only; grep CapEff /proc/self/status']);
      expect(inside.stdout.split('\n').filter(Boolean), name).toEqual([APP_UID, 'read-only', 'CapEff:\t0000000000000000']);
      const limits = at(containerNamed(deployment, name), 'resources', 'limits');
      const inspect = await podmanOk(['inspect', container(name), '--format', '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}']);
      const [memory, nanoCpus] = inspect.stdout.trim().split(' ').map(Number);
      expect(memory, `${name} memory limit`).toBe(Number(str(at(limits, 'memory')).replace('Mi', '')) * 1024 ** 2);
      expect(nanoCpus, `${name} CPU limit`).toBe(Number(str(at(limits, 'cpu'))) * 1e9);
    }
  });
});
