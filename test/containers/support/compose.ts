// docker/compose.yaml, run as a podman pod: each service becomes one `podman run` in the pod, translated
// key by key from the file itself (so a change to compose.yaml changes what the tier runs). A key the
// translation does not know fails the tier instead of being dropped silently.
//
// Where a pod differs from a Compose project (one network namespace for all services instead of a network
// with a DNS name per service), the difference is bridged and named in POD_DIFFERENCES.
import { asArray, asObject, at, str, strings, type Json, type JsonObject } from '../../docker/support/recipes.js';

/** What the pod does differently from `docker compose up`, and how the tier covers it. */
export const POD_DIFFERENCES = [
  'services share the pod\'s network namespace: the service name "sidecar" resolves to 127.0.0.1 through the pod\'s /etc/hosts (--add-host), so the app keeps compose.yaml\'s URL http://sidecar:8000; `expose` needs no translation',
  'the published port 3000 is published on the pod, on a free host port',
  'stopping: podman 4.3\'s `pod stop` and `pod kill` stop the pod\'s infra container at once, which takes the pod\'s network away from containers still draining (connections reset); the tier sends SIGTERM to the service containers (as docker compose stop does), then stops the pod',
  'depends_on is sequenced by the tier: preflight runs to completion first, the app starts once the sidecar\'s healthcheck passes (podman healthcheck run: no systemd timers here)',
  'deploy.resources.reservations.cpus has no podman equivalent (reservations.memory becomes --memory-reservation)',
  'healthcheck.start_interval is not translated (podman 4.3 has no such option); the tier polls the healthcheck itself',
  'build: the images are built by the tier with the same Dockerfiles; the build args come from the engine variant (PREFETCH=0: the Hub is out of reach), and the HF cache volume is filled by the tier where prefetch would have filled it',
] as const;

/** Keys of a service the translation knows (each handled below, or sequenced/built by the tier). */
const KNOWN_SERVICE_KEYS = new Set([
  'build', 'image', 'command', 'environment', 'ports', 'expose', 'init', 'volumes', 'read_only', 'tmpfs', 'cap_drop',
  'security_opt', 'deploy', 'healthcheck', 'stop_grace_period', 'restart', 'depends_on',
]);

export interface PodNames {
  pod: string;
  /** Compose image name → local image tag. */
  images: Record<string, string>;
  /** Compose volume name → podman volume name. */
  volumes: Record<string, string>;
}

export interface ServiceRun {
  service: string;
  container: string;
  /** Arguments after `podman`. */
  args: string[];
  /** The healthcheck command in podman's --health-cmd form, when the service has one. */
  healthcheck: string | null;
  dependsOn: Record<string, string>;
}

/** `podman pod create` arguments for the project: the published ports (host side given) and the service names. */
export function podCreateArgs(compose: JsonObject, names: PodNames, hostPorts: Record<string, number>): string[] {
  const args = ['pod', 'create', '--name', names.pod, '--label', 'io.pocket-tts-runtime.tier=containers'];
  const services = asObject(at(compose, 'services'), 'services');
  for (const [name, value] of Object.entries(services)) {
    args.push('--add-host', `${name}:127.0.0.1`);
    for (const port of strings(at(value, 'ports'))) {
      const [, container] = port.split(':');
      const host = hostPorts[port];
      if (container === undefined || host === undefined) throw new Error(`compose ${name}.ports "${port}": no host port given for it`);
      args.push('--publish', `127.0.0.1:${host}:${container}`);
    }
  }
  return args;
}

/** The `podman run` for one compose service, in the pod. */
export function serviceRun(compose: JsonObject, service: string, names: PodNames, options: { detach: boolean; env?: Record<string, string> }): ServiceRun {
  const spec = asObject(at(compose, 'services', service), `services.${service}`);
  const unknown = Object.keys(spec).filter((key) => !KNOWN_SERVICE_KEYS.has(key));
  if (unknown.length > 0) throw new Error(`compose service ${service}: keys the tier does not translate: ${unknown.join(', ')} (teach test/containers/support/compose.ts)`);
  const container = `${names.pod}-${service}`;
  const args = ['run', options.detach ? '--detach' : '--rm', '--pod', names.pod, '--name', container, '--label', 'io.pocket-tts-runtime.tier=containers'];
  if (at(spec, 'init') === true) args.push('--init');
  if (at(spec, 'read_only') === true) args.push('--read-only', '--read-only-tmpfs=false'); // podman would add tmpfs on /tmp, /var/tmp, /run; Docker does not
  for (const path of strings(at(spec, 'tmpfs'))) args.push('--tmpfs', path);
  for (const cap of strings(at(spec, 'cap_drop'))) args.push('--cap-drop', cap);
  for (const opt of strings(at(spec, 'security_opt'))) args.push('--security-opt', opt.replace(/^no-new-privileges:true$/, 'no-new-privileges'));
  for (const [key, value] of Object.entries(asObject(at(spec, 'environment') ?? {}, 'environment'))) args.push('--env', `${key}=${str(value)}`);
  for (const [key, value] of Object.entries(options.env ?? {})) args.push('--env', `${key}=${value}`);
  for (const volume of asArray(at(spec, 'volumes'))) args.push('--volume', volumeArg(volume, names, service));
  const limits = at(spec, 'deploy', 'resources', 'limits');
  if (limits !== undefined) {
    if (at(limits, 'cpus') !== undefined) args.push('--cpus', str(at(limits, 'cpus')));
    if (at(limits, 'memory') !== undefined) args.push('--memory', str(at(limits, 'memory')).toLowerCase());
  }
  const reservedMemory = at(spec, 'deploy', 'resources', 'reservations', 'memory');
  if (reservedMemory !== undefined) args.push('--memory-reservation', str(reservedMemory).toLowerCase());
  const grace = at(spec, 'stop_grace_period');
  if (grace !== undefined) args.push('--stop-timeout', String(seconds(str(grace))));
  // restart: unless-stopped is what keeps a crashed container up; a stop by the tier (or SIGTERM) is final either way.
  if (at(spec, 'restart') !== undefined) args.push('--restart', str(at(spec, 'restart')));
  let healthcheck: string | null = null;
  const check = at(spec, 'healthcheck');
  if (check !== undefined) {
    healthcheck = healthCmd(strings(at(check, 'test')));
    args.push('--health-cmd', healthcheck);
    for (const [key, flag] of [['interval', '--health-interval'], ['timeout', '--health-timeout'], ['start_period', '--health-start-period']] as const) {
      if (at(check, key) !== undefined) args.push(flag, str(at(check, key)));
    }
    if (at(check, 'retries') !== undefined) args.push('--health-retries', str(at(check, 'retries')));
  }
  const image = str(at(spec, 'image'));
  const tag = names.images[image];
  if (tag === undefined) throw new Error(`compose service ${service}: no local image for ${image}`);
  args.push(tag, ...strings(at(spec, 'command')));
  const dependsOn = Object.fromEntries(Object.entries(asObject(at(spec, 'depends_on') ?? {}, 'depends_on')).map(([name, value]) => [name, str(at(value, 'condition'))]));
  return { service, container, args, healthcheck, dependsOn };
}

// Compose's long volume syntax → podman's -v NAME:TARGET[:ro,nocopy].
function volumeArg(volume: Json, names: PodNames, service: string): string {
  if (str(at(volume, 'type')) !== 'volume') throw new Error(`compose service ${service}: only named volumes are translated`);
  const source = names.volumes[str(at(volume, 'source'))];
  if (source === undefined) throw new Error(`compose service ${service}: no podman volume for ${str(at(volume, 'source'))}`);
  const options = [...(at(volume, 'read_only') === true ? ['ro'] : []), ...(at(volume, 'volume', 'nocopy') === true ? ['nocopy'] : [])];
  return `${source}:${str(at(volume, 'target'))}${options.length > 0 ? `:${options.join(',')}` : ''}`;
}

// Compose's test array → podman's --health-cmd: a JSON array without the leading "CMD" (podman adds it).
function healthCmd(test: string[]): string {
  if (test[0] === 'CMD') return JSON.stringify(test.slice(1));
  if (test[0] === 'CMD-SHELL') return test.slice(1).join(' ');
  throw new Error(`healthcheck test ${JSON.stringify(test)}: only CMD and CMD-SHELL are translated`);
}

function seconds(duration: string): number {
  const match = /^(\d+)(s|m)$/.exec(duration);
  if (match === null) throw new Error(`duration ${duration}: only Ns and Nm are translated`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}
