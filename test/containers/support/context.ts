// The user's app the recipes are built from: its own package.json and lockfile depending on this package,
// test/containers/app/index.js as its service, a voices manifest (an audio voice and a catalog voice), and
// docker/ copied in as RUNTIME.md tells users to. Files the .dockerignore must keep out are planted too.
//
// The package under test is not on the npm registry, so the app depends on it by tarball URL: `npm pack` of
// this checkout, served from 127.0.0.1 for the builds' `npm ci` (RUN steps share the host's network). Its
// other dependencies come from the npm registry, as in any user's build.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { sineWav } from '../../../src/audio/index.js';
import { DOCKER_DIR, ROOT } from '../../docker/support/recipes.js';
import { runTemp } from './podman.js';

const APP = join(import.meta.dirname, '..', 'app');

/** A preferred port for the tarball server: the URL lands in the lockfile, so a stable one keeps podman's layer cache warm. */
const PREFERRED_PORT = 47_321;

/** Files of the context the images must not contain (each .dockerignore pattern of the recipes). */
export const IGNORED_SENTINELS = ['.env', 'node_modules/sentinel.txt', '.pocket-tts/voices/stale.txt', '.git/HEAD', 'keys/server.pem'] as const;

/** The voices of the app's voices.json: an audio voice (exported at build time) and a catalog voice. */
export const APP_VOICES = ['narrator', 'host'] as const;

export interface AppContext {
  dir: string;
  /** The packed package, as the lockfile resolves it. */
  tarballUrl: string;
}

const made = new Map<string, Promise<AppContext>>();
let served: Promise<{ url: string; server: Server }> | undefined;

/**
 * The app context with these extra files (e.g. a pocket-tts-runtime.config.json), made once per process
 * per set of files; the package server is shared and lives as long as the process.
 */
export function appContext(files: Readonly<Record<string, string>> = {}): Promise<AppContext> {
  const key = JSON.stringify(Object.entries(files).sort());
  let context = made.get(key);
  if (context === undefined) {
    context = makeAppContext(files);
    made.set(key, context);
  }
  return context;
}

async function packageServer(): Promise<{ url: string; server: Server }> {
  const packages = await runTemp('pkg-');
  // dist/ must be built (npm run test:containers builds first); no prepare script runs here.
  const packed = await execa('npm', ['pack', '--ignore-scripts', '--json', '--silent', '--pack-destination', packages], { cwd: ROOT, stdin: 'ignore' });
  const tarball = join(packages, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  const server = await serveFile(tarball);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/${basename(tarball)}`, server };
}

async function makeAppContext(files: Readonly<Record<string, string>>): Promise<AppContext> {
  const dir = await runTemp('app-');
  served ??= packageServer();
  const { url: tarballUrl } = await served;

  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'speech-app', version: '1.0.0', private: true, type: 'module', main: 'index.js', dependencies: { 'pocket-tts-runtime': tarballUrl } }, null, 2)}\n`,
  );
  await execa('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdin: 'ignore' });
  await cp(join(APP, 'index.js'), join(dir, 'index.js'));
  await cp(DOCKER_DIR, join(dir, 'docker'), { recursive: true });
  await mkdir(join(dir, 'voices'));
  await writeFile(join(dir, 'voices', 'narrator.wav'), sineWav({ seconds: 0.5, amplitude: 3000 }));
  await writeFile(join(dir, 'voices.json'), `${JSON.stringify({ voices: [{ name: 'narrator', source: 'voices/narrator.wav' }, { name: 'host', source: 'alba' }] }, null, 2)}\n`);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  for (const sentinel of IGNORED_SENTINELS) {
    await mkdir(join(dir, sentinel, '..'), { recursive: true });
    await writeFile(join(dir, sentinel), 'must not be in the image\n');
  }
  return { dir, tarballUrl };
}

/** Serves one file at its base name on 127.0.0.1 (the preferred port, or any free one). */
async function serveFile(file: string): Promise<Server> {
  const body = await readFile(file);
  const server = createServer((req, res) => {
    if (req.url === `/${basename(file)}`) res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
    else res.writeHead(404).end();
  });
  const listen = (port: number) =>
    new Promise<boolean>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error));
      server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', onError);
        resolve(true);
      });
    });
  if (!(await listen(PREFERRED_PORT))) await listen(0);
  // The builds may outlive a test's timers, never the process.
  server.unref();
  return server;
}
