// docker/k8s: every document valid against Kubernetes' schemas (offline, kubernetes-models), no unknown
// field anywhere, then the recipe's promises: preflight before start, probes with the package's own check,
// resources from the pool size, non-root with a read-only root filesystem, scaling by replicas.
import { SIDECAR_MEMORY } from '../../src/config/sidecar-memory.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaErrors, typeErrors } from './support/k8s-types.js';
import {
  asArray,
  asObject,
  at,
  flagValue,
  k8sQuantity,
  podContainers,
  poolResources,
  readK8sDocuments,
  str,
  strings,
  type Json,
  type JsonObject,
} from './support/recipes.js';

const documents = readK8sDocuments();
const byKind = (kind: string): JsonObject[] => documents.filter((d) => d.doc.kind === kind).map((d) => d.doc);
const deployment = byKind('Deployment')[0]!;
const podSpec = asObject(at(deployment, 'spec', 'template', 'spec'), 'pod spec');
const containers = podContainers(deployment);
const container = (name: string): JsonObject => {
  const found = containers.find((c) => c.container.name === name);
  if (found === undefined) throw new Error(`no container ${name}`);
  return found.container;
};
const argv = (c: JsonObject): string[] => [...strings(c.command), ...strings(c.args)];

describe('schemas (kubernetes-models, offline)', () => {
  it('has the expected documents', () => {
    expect(documents.map((d) => `${d.file} ${str(d.doc.kind)}`)).toEqual([
      'deployment.yaml Deployment',
      'hpa.yaml HorizontalPodAutoscaler',
      'pdb.yaml PodDisruptionBudget',
      'service.yaml Service',
    ]);
  });

  it.each(documents.map((d) => [`${d.file}#${d.index}`, d.doc] as const))('%s is valid against its OpenAPI schema', (_label, doc) => {
    expect(schemaErrors(doc)).toEqual([]);
  });

  it('the schema validators catch wrong types and bad quantities', () => {
    const broken = structuredClone(deployment);
    const pool = asObject(asArray(at(broken, 'spec', 'template', 'spec', 'containers'))[0], 'container');
    asObject(at(pool, 'resources', 'requests'), 'requests').memory = 'lots';
    pool.ports = [{ containerPort: 'http' }];
    const errors = schemaErrors(broken).join('\n');
    expect(errors).toMatch(/resources\/requests\/memory must match format "quantity"/);
    expect(errors).toMatch(/containerPort must be integer/);
  });

  describe('no unknown fields (TypeScript interfaces, excess property checks)', () => {
    let errors: Map<string, string[]>;
    beforeAll(() => {
      // TypeScript stops at the first excess property of a document: one typo per copy.
      const deepTypo = structuredClone(deployment);
      const app = asObject(asArray(at(deepTypo, 'spec', 'template', 'spec', 'containers'))[1], 'container');
      app.readynessProbe = app.readinessProbe ?? null;
      const podTypo = structuredClone(deployment);
      asObject(at(podTypo, 'spec', 'template', 'spec'), 'pod spec').securityContex = {};
      errors = typeErrors([
        ...documents.map((d) => ({ label: `${d.file}#${d.index}`, doc: d.doc })),
        { label: 'deep typo', doc: deepTypo },
        { label: 'pod typo', doc: podTypo },
      ]);
    });

    it.each(documents.map((d) => `${d.file}#${d.index}`))('%s has only known fields', (label) => {
      expect(errors.get(label)).toEqual([]);
    });

    it('a misspelt field is reported, however deep', () => {
      expect(errors.get('deep typo')).toEqual([expect.stringMatching(/'"readynessProbe"' does not exist in type 'IContainer'/)]);
      expect(errors.get('pod typo')).toEqual([expect.stringMatching(/'"securityContex"' does not exist in type 'IPodSpec'/)]);
    });
  });
});

describe('the pod', () => {
  it('checks the machine before anything starts: prefetch, then preflight --offline --strict', () => {
    const init = containers.filter((c) => c.kind === 'init').map((c) => c.container);
    expect(init.map((c) => c.name)).toEqual(['prefetch', 'preflight']);
    expect(argv(init[0]!).slice(0, 2)).toEqual(['pocket-tts-runtime', 'prefetch']);
    const preflight = argv(init[1]!);
    expect(preflight.slice(0, 2)).toEqual(['pocket-tts-runtime', 'preflight']);
    expect(preflight).toEqual(expect.arrayContaining(['--offline', '--strict', '--server']));
    expect(flagValue(preflight, '--workers')).toBe(flagValue(argv(container('pocket-tts')), '--workers'));
    expect(flagValue(preflight, '--language')).toBe(flagValue(argv(init[0]!), '--language'));
    expect(flagValue(preflight, '--voices')).toBe(flagValue(argv(init[0]!), '--voices'));
  });

  it('runs the pool on loopback, offline, with an explicit worker count', () => {
    const pool = argv(container('pocket-tts'));
    expect(pool.slice(0, 2)).toEqual(['pocket-tts-runtime', 'serve']);
    expect(flagValue(pool, '--host')).toBe('127.0.0.1');
    expect(flagValue(pool, '--workers')).toMatch(/^\d+$/);
    expect(pool).toContain('--offline');
    expect(at(container('pocket-tts'), 'ports')).toBeUndefined();
    expect(at(container('app'), 'env')).toEqual(expect.arrayContaining([{ name: 'POCKET_TTS_URL', value: `http://127.0.0.1:${flagValue(pool, '--port')}` }]));
    expect(at(container('app'), 'env')).toEqual(expect.arrayContaining([{ name: 'POCKET_TTS_CONCURRENCY', value: flagValue(pool, '--workers') }]));
  });

  it("probes the pool with the package's own health check (startup, readiness, liveness)", () => {
    const pool = container('pocket-tts');
    const port = flagValue(argv(pool), '--port');
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(strings(at(pool, probe, 'exec', 'command')).slice(0, 4), probe).toEqual(['pocket-tts-runtime', 'health', '--url', `http://127.0.0.1:${port}`]);
    }
    // The startup probe leaves time for the model load; liveness tolerates the pool's own restarts.
    const budget = (probe: string) => Number(at(pool, probe, 'periodSeconds')) * Number(at(pool, probe, 'failureThreshold'));
    expect(budget('startupProbe')).toBeGreaterThanOrEqual(120);
    expect(budget('livenessProbe')).toBeGreaterThanOrEqual(60);
    // Exec probes must end before kubelet's timeout: health's own --timeout is shorter.
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(Number(flagValue(strings(at(pool, probe, 'exec', 'command')), '--timeout')) / 1000).toBeLessThan(Number(at(pool, probe, 'timeoutSeconds')));
    }
    const app = container('app');
    expect(at(app, 'readinessProbe', 'httpGet', 'path')).toBe('/health');
    expect(at(app, 'livenessProbe', 'tcpSocket')).toBeDefined();
  });

  it('sizes the pool and the init containers from --workers (RUNTIME.md formula)', () => {
    const pool = argv(container('pocket-tts'));
    const expected = poolResources(Number(flagValue(pool, '--workers')), pool.includes('--quantize'));
    for (const name of ['pocket-tts', 'prefetch', 'preflight']) {
      const r = asObject(at(container(name), 'resources'), `${name} resources`);
      expect(k8sQuantity(str(at(r, 'requests', 'cpu'))), `${name} cpu request`).toBe(expected.requests.cpu);
      expect(k8sQuantity(str(at(r, 'limits', 'cpu'))), `${name} cpu limit`).toBe(expected.limits.cpu);
      expect(k8sQuantity(str(at(r, 'requests', 'memory'))), `${name} memory request`).toBe(expected.requests.memory);
      expect(k8sQuantity(str(at(r, 'limits', 'memory'))), `${name} memory limit`).toBe(expected.limits.memory);
    }
    // preflight's memory check wants workers x a sidecar's load peak (x 1.25 headroom under --strict) inside its limit.
    const workers = Number(flagValue(pool, '--workers'));
    expect(expected.limits.memory).toBeGreaterThan(workers * SIDECAR_MEMORY.peakBytes * 1.25);
    // Every container has requests and limits.
    for (const { container: c } of containers) {
      expect(at(c, 'resources', 'requests', 'cpu'), str(c.name)).toBeDefined();
      expect(at(c, 'resources', 'limits', 'memory'), str(c.name)).toBeDefined();
    }
  });

  it('runs as non-root with a read-only root filesystem, no privilege escalation, no capabilities', () => {
    expect(at(podSpec, 'securityContext')).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(podSpec.automountServiceAccountToken).toBe(false);
    for (const { container: c } of containers) {
      expect(at(c, 'securityContext'), str(c.name)).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    }
  });

  it('mounts writable volumes for the caches (HF cache, ~/.cache, /tmp) and declares every volume it mounts', () => {
    const volumes = new Map(asArray(podSpec.volumes).map((v) => [str(at(v, 'name')), v] as const));
    for (const { container: c } of containers) {
      for (const mount of asArray(c.volumeMounts)) expect(volumes.has(str(at(mount, 'name'))), `${str(c.name)} ${str(at(mount, 'name'))}`).toBe(true);
    }
    const mountsOf = (name: string): Record<string, string> =>
      Object.fromEntries(asArray(container(name).volumeMounts).map((m: Json) => [str(at(m, 'mountPath')), str(at(m, 'name'))]));
    for (const name of ['prefetch', 'preflight', 'pocket-tts']) {
      expect(mountsOf(name), name).toEqual({ '/var/cache/huggingface': 'hf-cache', '/home/app/.cache': 'home-cache', '/tmp': 'tmp' });
    }
    for (const volume of volumes.values()) expect(at(volume, 'emptyDir', 'sizeLimit')).toBeDefined();
  });

  it('uses one pinned image for every container, never latest', () => {
    const images = new Set(containers.map(({ container: c }) => str(c.image)));
    expect(images.size).toBe(1);
    expect([...images][0]).toMatch(/:\d+\.\d+\.\d+$/);
  });
});

describe('scaling', () => {
  it('puts the replicas behind a Service that selects the pod and targets the app port', () => {
    const service = byKind('Service')[0]!;
    expect(at(service, 'spec', 'selector')).toEqual(at(deployment, 'spec', 'selector', 'matchLabels'));
    expect(at(deployment, 'spec', 'template', 'metadata', 'labels')).toMatchObject(asObject(at(deployment, 'spec', 'selector', 'matchLabels'), 'matchLabels'));
    const targetPort = at(service, 'spec', 'ports', 0, 'targetPort');
    expect(asArray(at(container('app'), 'ports')).map((p) => at(p, 'name'))).toContain(targetPort);
  });

  it('autoscales the Deployment on the pool container CPU, and keeps a replica through disruptions', () => {
    const hpa = byKind('HorizontalPodAutoscaler')[0]!;
    expect(at(hpa, 'spec', 'scaleTargetRef')).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: at(deployment, 'metadata', 'name') });
    expect(at(hpa, 'spec', 'metrics', 0, 'containerResource')).toMatchObject({ name: 'cpu', container: 'pocket-tts' });
    expect(Number(at(hpa, 'spec', 'minReplicas'))).toBeGreaterThanOrEqual(1);
    const pdb = byKind('PodDisruptionBudget')[0]!;
    expect(at(pdb, 'spec', 'selector')).toEqual(at(deployment, 'spec', 'selector'));
    // A rollout never removes a warm replica before its replacement is ready.
    expect(at(deployment, 'spec', 'strategy', 'rollingUpdate', 'maxUnavailable')).toBe(0);
  });
});
