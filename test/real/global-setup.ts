// The real tier's setup: provision the real pocket-tts through the product's own CLI (torch from the
// local wheel folder through --torch-find-links, never the machine's pip configuration), build the
// synthetic cache with the product's own command, and point the contract suite at both. Both are kept in
// a cache folder keyed by their inputs (the product reuses a runtime or a cache whose inputs match), so
// a second local run takes seconds; a fresh machine builds them.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { TestProject } from 'vitest/node';
import { POCKET_TTS_VERSION } from '../../src/pins.js';
import { CLI } from '../support/cli.js';
import { realTierRoot, type RealFixtures } from './fixtures.js';

const DEFAULT_TORCH = '2.13.0+cpu';
const DEFAULT_FIND_LINKS = '/opt/wheels';

export default async function setup(project: TestProject): Promise<void> {
  const version = process.env.POCKET_TTS_REAL_VERSION ?? POCKET_TTS_VERSION;
  const torchVersion = process.env.POCKET_TTS_REAL_TORCH ?? DEFAULT_TORCH;
  const findLinksEnv = process.env.POCKET_TTS_REAL_TORCH_FIND_LINKS;
  const torchFindLinks = findLinksEnv === '' ? null : (findLinksEnv ?? (existsSync(DEFAULT_FIND_LINKS) ? DEFAULT_FIND_LINKS : null));
  const cacheRoot = realTierRoot();
  const home = join(cacheRoot, 'home');
  const hubCache = join(cacheRoot, 'hub');
  await mkdir(cacheRoot, { recursive: true });
  const provisionArgs = [
    '--home', home, '--pocket-tts-version', version, '--torch-version', torchVersion,
    ...(torchFindLinks === null ? [] : ['--torch-find-links', torchFindLinks]), '--installer', 'pip', '--hf-hub-cache', hubCache,
  ];
  const timings: Record<string, number> = {};

  log(`pocket-tts ${version}, torch ${torchVersion} from ${torchFindLinks ?? "PyTorch's CPU index"}; cache ${cacheRoot}`);
  const provisioned = await timed(timings, 'provision', () => cli(['provision', ...provisionArgs, '--json']));
  const runtime = JSON.parse(provisioned) as RealFixtures['runtime'] & { reused: boolean };
  log(`provision: ${runtime.reused ? 'reused' : 'installed'} ${runtime.id} in ${timings.provision?.toFixed(1)} s (torch ${runtime.versions.torch})`);
  const built = JSON.parse(await timed(timings, 'syntheticCache', () => cli(['synthetic-cache', '--home', home, '--runtime', runtime.id, '--out', hubCache, '--json']))) as { reused: boolean; files: unknown[]; config: string };
  log(`synthetic-cache: ${built.reused ? 'reused' : 'built'} (${built.files.length} files) in ${timings.syntheticCache?.toFixed(1)} s`);

  const fixtures: RealFixtures = { version, torchVersion, torchFindLinks, cacheRoot, home, runtime, hubCache, config: built.config, provisionArgs, timings };
  await writeFile(join(cacheRoot, 'last-setup.json'), `${JSON.stringify(fixtures, null, 2)}\n`);
  project.provide('real', fixtures);
  // The contract suite reads these at collection time: its workers inherit this environment.
  process.env.POCKET_TTS_BIN = runtime.executable;
  // Cases that hold only for some releases follow the installed one (test/contract/target.ts, `release`).
  process.env.POCKET_TTS_CONTRACT_VERSION = runtime.versions.pocketTts;
  process.env.HF_HUB_CACHE = hubCache;
  // Both ways in: the local --config of the same weights (config cases), and the built-in languages and
  // catalog voices through the cache (POCKET_TTS_HUB=1: "the Hub" answers from the synthetic cache).
  process.env.POCKET_TTS_CONFIG = built.config;
  process.env.POCKET_TTS_HUB = '1';
  delete process.env.HF_HUB_OFFLINE;
}

async function cli(args: string[]): Promise<string> {
  const result = await execa(process.execPath, [CLI, ...args], { env: { ...process.env, CI: '1', NO_COLOR: '1' }, reject: false, stdin: 'ignore' });
  if (result.failed) throw new Error(`pocket-tts-runtime ${args[0]} failed (exit ${String(result.exitCode)}):\n${result.stderr.slice(-4000)}\n${result.stdout.slice(-2000)}`);
  return result.stdout;
}

async function timed<T>(timings: Record<string, number>, name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    timings[name] = (performance.now() - started) / 1000;
  }
}

function log(line: string): void {
  process.stderr.write(`[real tier] ${line}\n`);
}
