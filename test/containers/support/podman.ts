// The one place the container tier calls podman: every podman-specific setting lives here (containers.conf,
// build flags), so the recipes in docker/ stay standard Dockerfiles, Compose and Kubernetes files.
import { mkdtempSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';

/** runc, cgroupfs, explicit ulimits, file events: see the comments in the file. */
export const CONTAINERS_CONF = join(import.meta.dirname, '..', 'containers.conf');

/** Every object the tier creates carries this label, so a run removes only its own leftovers. */
export const TIER_LABEL = 'io.pocket-tts-runtime.tier=containers';

/**
 * Names of this run's pods, containers and volumes start with this (several runs may share a machine). Set
 * once in the main process (global setup imports this file first); the test worker inherits it.
 */
export const RUN_PREFIX = (process.env.PTR_CT_RUN ??= `ptr-ct-${process.pid}`);

/** This run's scratch folder (same inheritance); removed at the end unless POCKET_TTS_CONTAINERS_KEEP is set. */
export const RUN_TMP = (process.env.PTR_CT_TMP ??= mkdtempSync(join(tmpdir(), `${RUN_PREFIX}-`)));

/** A new folder inside this run's scratch folder. */
export function runTemp(prefix: string): Promise<string> {
  return mkdtemp(join(RUN_TMP, prefix));
}

export interface PodmanResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved, podman's own noise removed (see NOISE). */
  all: string;
  ms: number;
}

// podman 4.3 logs these at error level on machines without systemd (healthcheck timers) or syslog; they
// change nothing here: health checks are run on demand with `podman healthcheck run`.
const NOISE = [/unable to get systemd connection/, /failed to connect to syslog/, /Removing timer for container .* healthcheck/];

export function withoutNoise(text: string): string {
  return text
    .split('\n')
    .filter((line) => !NOISE.some((pattern) => pattern.test(line)))
    .join('\n');
}

export interface PodmanOptions {
  input?: string | Buffer;
  /** Give up after this long (a hang guard: the tier must never hang). Default 10 minutes. */
  timeoutMs?: number;
  /** Extra environment for podman itself (e.g. a build secret's source variable). */
  env?: Record<string, string>;
}

/** Runs `podman ARGS` with the tier's containers.conf; never throws for a non-zero exit. */
export async function podman(args: readonly string[], options: PodmanOptions = {}): Promise<PodmanResult> {
  const started = performance.now();
  const result = await execa('podman', args, {
    env: { ...options.env, CONTAINERS_CONF },
    reject: false,
    all: true,
    stripFinalNewline: false,
    timeout: options.timeoutMs ?? 600_000,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  });
  return {
    exitCode: result.exitCode ?? -1,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
    all: withoutNoise(String(result.all ?? '')),
    ms: performance.now() - started,
  };
}

/** Runs podman and returns stdout as bytes (for files copied out of a container). */
export async function podmanBytes(args: readonly string[], timeoutMs = 300_000): Promise<{ exitCode: number; stdout: Buffer; stderr: string }> {
  const result = await execa('podman', args, { env: { CONTAINERS_CONF }, reject: false, encoding: 'buffer', stdin: 'ignore', timeout: timeoutMs });
  return { exitCode: result.exitCode ?? -1, stdout: Buffer.from(result.stdout), stderr: withoutNoise(Buffer.from(result.stderr).toString('utf8')) };
}

/** Like podman(), but a non-zero exit throws with the command and the end of its output. */
export async function podmanOk(args: readonly string[], options: PodmanOptions = {}): Promise<PodmanResult> {
  const result = await podman(args, options);
  if (result.exitCode !== 0) throw new Error(`podman ${args.join(' ')} exited ${result.exitCode}:\n${tail(result.all, 60)}`);
  return result;
}

/** Starts `podman ARGS` in the background (e.g. `podman pod stop`, to overlap it with requests). */
export function podmanChild(args: readonly string[]): ResultPromise<{ env: { CONTAINERS_CONF: string }; reject: false; all: true; stdin: 'ignore' }> {
  return execa('podman', args, { env: { CONTAINERS_CONF }, reject: false, all: true, stdin: 'ignore' });
}

/** The last `lines` lines of a text. */
export function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Flags every build takes here: podman-specific, so they live in the helper, never in a Dockerfile. */
export const BUILD_FLAGS = [
  // Docker's image format keeps HEALTHCHECK (the OCI format drops it with a warning).
  '--format', 'docker',
  // No registry is reachable: FROM must name an image that is already local (the stand-in bases).
  '--pull=never',
  // RUN steps reach the npm registry (npm ci) and the tier's package server on 127.0.0.1.
  '--network', 'host',
  '--label', TIER_LABEL,
] as const;

/** The image's size in bytes and its configured user, or null when it does not exist. */
export async function imageFacts(tag: string): Promise<{ size: number; user: string; labels: Record<string, string>; healthcheck: unknown } | null> {
  const result = await podman(['image', 'inspect', tag]);
  if (result.exitCode !== 0) return null;
  const [info] = JSON.parse(result.stdout) as [{ Size: number; Config?: { User?: string; Labels?: Record<string, string> | null; Healthcheck?: unknown } }];
  return { size: info.Size, user: info.Config?.User ?? '', labels: info.Config?.Labels ?? {}, healthcheck: info.Config?.Healthcheck ?? null };
}

/** The label value of a local image, or null when the image is missing. */
export async function imageLabel(tag: string, label: string): Promise<string | null> {
  const facts = await imageFacts(tag);
  return facts === null ? null : (facts.labels[label] ?? '');
}

/** Removes this run's pods, containers and volumes (by name prefix); images are kept for the layer cache. */
export async function removeRunObjects(prefix = RUN_PREFIX): Promise<void> {
  // Containers first, with their anonymous volumes (the images declare VOLUMEs), then their pods.
  const containers = await podman(['ps', '--all', '--format', '{{.Names}}', '--filter', `name=^${prefix}-`]);
  for (const name of containers.stdout.split('\n').filter(Boolean)) await podman(['rm', '--force', '--volumes', '--time', '0', name]);
  const pods = await podman(['pod', 'ps', '--format', '{{.Name}}', '--filter', `name=^${prefix}-`]);
  for (const pod of pods.stdout.split('\n').filter(Boolean)) await podman(['pod', 'rm', '--force', '--time', '0', pod]);
  const volumes = await podman(['volume', 'ls', '--format', '{{.Name}}']);
  for (const name of volumes.stdout.split('\n').filter((v) => v.startsWith(`${prefix}-`))) await podman(['volume', 'rm', '--force', name]);
}

/** A named volume of this run (`RUN_PREFIX-name`), created empty. */
export async function createVolume(name: string): Promise<string> {
  const volume = `${RUN_PREFIX}-${name}`;
  await podmanOk(['volume', 'create', '--label', TIER_LABEL, volume]);
  return volume;
}

/** A named volume of this run holding a copy of a host folder, every file owned by `uid` (the images' user). */
export async function volumeFrom(name: string, dir: string, uid: number): Promise<string> {
  const volume = await createVolume(name);
  const tar = execa('tar', ['-C', dir, `--owner=${uid}`, `--group=${uid}`, '--numeric-owner', '-c', '.'], { stdin: 'ignore', buffer: false });
  const imported = await tar.pipe('podman', ['volume', 'import', volume, '-'], { env: { CONTAINERS_CONF }, reject: false, all: true });
  if (imported.exitCode !== 0) throw new Error(`podman volume import ${volume} failed:\n${String(imported.all)}`);
  return volume;
}
