// docker/k8s/deployment.yaml for `podman kube play` (podman 4.3): the manifest is played as written except
// for the substitutions below, each one a place where podman is not a kubelet or the machine has no Hub.
// What podman ignores is listed in KUBE_IGNORED with how the tier covers it.
import { stringify } from 'yaml';
import { asArray, asObject, at, str, strings, type Json, type JsonObject } from '../../docker/support/recipes.js';

/** Fields podman 4.3's kube play ignores or maps differently, and how the tier covers each. */
export const KUBE_IGNORED = [
  'startupProbe and readinessProbe: not mapped (podman has one healthcheck per container, made from livenessProbe); the tier runs each probe as a kubelet would: exec probes with podman exec, httpGet against the published port',
  'livenessProbe: becomes the container\'s healthcheck (exec: a CMD-SHELL of the command; tcpSocket with a named port becomes `nc -z -v "" 0`, broken, and the image has no nc); no systemd timers here, so the tier runs `podman healthcheck run` for exec probes and opens the TCP port itself for tcpSocket',
  'resources.requests: ignored (limits are applied: memory and CPU quota, checked below)',
  'terminationGracePeriodSeconds: ignored (podman stops with its 10 s default unless given --time)',
  'emptyDir: a named volume called after the volume (shared by every pod using that name; sizeLimit ignored)',
  'the image\'s VOLUME instructions: anonymous volumes (Kubernetes ignores VOLUME); those of the init containers stay behind when podman removes them, so the tier removes the volumes made while the pod was played',
  'replicas: honoured (one pod per replica), but a containerPort is published on the host as the same port, so a second replica cannot bind it',
  'strategy, revisionHistoryLimit, selector, automountServiceAccountToken, enableServiceLinks, fsGroup: no effect (no API server, no service accounts; volumes are owned as created)',
  'service.yaml, hpa.yaml, pdb.yaml: not played (no Service proxy, metrics server or eviction API); test/docker validates them against Kubernetes\' schemas',
] as const;

export interface PlayOptions {
  /** This run's name prefix: the Deployment and its volumes are renamed with it. */
  prefix: string;
  /** The host port the app's containerPort is published on (127.0.0.1 only). */
  hostPort: number;
  /** A podman volume already holding the HF cache (what the prefetch init container would download). */
  hfCacheVolume: string;
  /** The double cannot pass --strict (its "no real speech" warning): drop it from the preflight init container. */
  dropStrict: boolean;
}

export interface PlayedManifest {
  yaml: string;
  doc: JsonObject;
  /** What was changed, for the test output. */
  substitutions: string[];
  pod: string;
}

/** The Deployment as podman plays it here, and the list of changes. */
export function playedDeployment(original: JsonObject, options: PlayOptions): PlayedManifest {
  const doc = structuredClone(original);
  const substitutions: string[] = [];
  const name = `${options.prefix}-${str(at(doc, 'metadata', 'name'))}`;
  asObject(doc.metadata, 'metadata').name = name;
  substitutions.push(`metadata.name → ${name} (this run's objects are named after it)`);
  const spec = asObject(doc.spec, 'spec');
  spec.replicas = 1;
  substitutions.push('replicas 2 → 1 (podman plays each replica as a pod on this host, and the second cannot publish port 3000 again)');
  const pod = asObject(at(spec, 'template', 'spec'), 'pod spec');
  pod.restartPolicy = 'OnFailure';
  substitutions.push('restartPolicy (Always) → OnFailure: podman 4.3 applies the pod\'s restart policy to init containers too and restarts each one forever after it exits 0 (podman issue 16343)');

  const renamed = new Map<string, string>();
  for (const volume of asArray(pod.volumes).map((v) => asObject(v, 'volume'))) {
    const original = str(volume.name);
    const renamedTo = original === 'hf-cache' ? options.hfCacheVolume : `${options.prefix}-${original}`;
    renamed.set(original, renamedTo);
    volume.name = renamedTo;
    if (original === 'hf-cache') {
      delete volume.emptyDir;
      volume.persistentVolumeClaim = { claimName: options.hfCacheVolume };
    }
  }
  substitutions.push('volumes renamed with the run prefix (podman names an emptyDir\'s volume after it)');
  substitutions.push(`hf-cache: emptyDir → persistentVolumeClaim ${options.hfCacheVolume}, already holding the pinned files (the manifest's own PVC alternative; prefetch cannot reach the Hub here)`);

  const containers = [...asArray(pod.initContainers), ...asArray(pod.containers)].map((c) => asObject(c, 'container'));
  for (const container of containers) {
    for (const mount of asArray(container.volumeMounts).map((m) => asObject(m, 'volumeMount'))) mount.name = renamed.get(str(mount.name)) ?? str(mount.name);
    for (const port of asArray(container.ports).map((p) => asObject(p, 'port'))) {
      port.hostPort = options.hostPort;
      port.hostIP = '127.0.0.1';
      substitutions.push(`${str(container.name)}: containerPort ${str(port.containerPort)} published on 127.0.0.1:${options.hostPort} (podman would publish it on the same host port)`);
    }
    if (options.dropStrict && str(container.name) === 'preflight') {
      container.command = strings(container.command).filter((word) => word !== '--strict');
      substitutions.push('preflight init container: --strict dropped (the contract double\'s "no real speech" warning fails --strict by design; the tier runs the exact command separately and checks that this warning is its only problem)');
    }
  }
  return { yaml: stringify(doc), doc, substitutions, pod: `${name}-pod-0` };
}

/** One container of the pod template, by name. */
export function containerNamed(doc: JsonObject, name: string): JsonObject {
  const spec = at(doc, 'spec', 'template', 'spec');
  const found = [...asArray(at(spec, 'initContainers')), ...asArray(at(spec, 'containers'))].find((c) => str(at(c, 'name')) === name);
  return asObject(found, `container ${name}`);
}

/** A probe's exec command, or null. */
export function execProbe(container: Json, probe: string): string[] | null {
  const command = strings(at(container, probe, 'exec', 'command'));
  return command.length > 0 ? command : null;
}
