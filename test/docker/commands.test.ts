// Every step of the recipes is a package command: each `pocket-tts-runtime …` line in docker/ must name a
// subcommand and flags the built CLI accepts, and the single image's build steps are replayed here,
// verbatim, outside Docker, against the contract double (no Docker engine runs on these machines).
import { mkdir, mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubCachePath, requiredHubFiles } from '../../src/hub/files.js';
import { CLI, runCli } from '../support/cli.js';
import { sineWav } from '../../src/audio/index.js';
import {
  ancestry,
  commandShape,
  composeInvocations,
  dockerfileInvocations,
  DOCKERFILES,
  finalStage,
  instructionCommand,
  k8sInvocations,
  readCompose,
  readDockerfile,
  readK8sDocuments,
  stageNamed,
  type Invocation,
  type ParsedDockerfile,
  type Stage,
} from './support/recipes.js';

const invocations: Invocation[] = [
  ...DOCKERFILES.flatMap((name) => dockerfileInvocations(readDockerfile(name))),
  ...composeInvocations(readCompose()),
  ...k8sInvocations(readK8sDocuments()),
];

// One `--help` per subcommand, shared by every invocation of it.
const helps = new Map<string, Promise<{ exitCode: number | undefined; stdout: string }>>();
function helpOf(command: readonly string[]) {
  const key = command.join(' ');
  let help = helps.get(key);
  if (help === undefined) {
    help = runCli([...command, '--help']).then((r) => ({ exitCode: r.exitCode, stdout: String(r.stdout) }));
    helps.set(key, help);
  }
  return help;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('every pocket-tts-runtime invocation in docker/ is accepted by the CLI', () => {
  // All the --help runs at once (a Node start each).
  beforeAll(() => Promise.all(invocations.map((i) => helpOf(commandShape(i.args).command))));

  it('finds the invocations (Dockerfiles, compose, Kubernetes)', () => {
    const commands = new Set(invocations.map((i) => commandShape(i.args).command.join(' ')));
    expect([...commands].sort()).toEqual(['generate', 'health', 'prefetch', 'preflight', 'serve', 'setup']);
    expect(invocations.length).toBeGreaterThanOrEqual(25);
  });

  it.each(invocations.map((i) => [`${i.where}: ${commandShape(i.args).command.join(' ')}`, i] as const))('%s', async (_label, invocation) => {
    const { command, flags } = commandShape(invocation.args);
    const help = await helpOf(command);
    // An unknown subcommand prints the program's help instead (exit 0): require the subcommand's own usage line.
    expect(help.stdout, `pocket-tts-runtime ${command.join(' ')} is not a command of the built CLI`).toMatch(
      new RegExp(`^Usage: pocket-tts-runtime ${escape(command.join(' '))} \\[options\\]`, 'm'),
    );
    expect(help.exitCode).toBe(0);
    const unknown = flags.filter((flag) => !new RegExp(`(^|[\\s,])${escape(flag)}([\\s<[=,]|$)`, 'm').test(help.stdout));
    expect(unknown, `flags of "${invocation.args.join(' ')}" missing from \`pocket-tts-runtime ${command.join(' ')} --help\``).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The single image's build, replayed: the RUN lines of the stages the image is built from (PREFETCH=0, the
// contract double), run by /bin/sh -c with the image's paths mapped into a temp folder. `npm ci` and the
// user creation are not package commands and are not replayed.

/** Stages a target needs: its FROM chain and, recursively, every stage it copies from. In file order. */
function neededStages(file: ParsedDockerfile, target: Stage): Stage[] {
  const needed = new Set<Stage>();
  const visit = (stage: Stage) => {
    if (needed.has(stage)) return;
    for (const s of ancestry(file, stage)) {
      needed.add(s);
      for (const copy of s.instructions.filter((i) => i.getKeyword() === 'COPY')) {
        const from = /--from=(\S+)/.exec(copy.toString())?.[1];
        const source = from === undefined ? undefined : stageNamed(file, from);
        if (source !== undefined) visit(source);
      }
    }
  };
  visit(target);
  return file.stages.filter((s) => needed.has(s));
}

/** A 0.5 s mono 24 kHz 16-bit WAV of a quiet tone: a voice source the double can export. */
function toneWav(): Buffer {
  return sineWav({ seconds: 0.5, amplitude: 3000 });
}

describe('docker/Dockerfile build steps, replayed outside Docker (contract double, PREFETCH=0)', () => {
  const file = readDockerfile('Dockerfile');
  // docker build --build-arg PREFETCH=0
  const prefetch0: ParsedDockerfile = { ...file, globalArgs: new Map([...file.globalArgs, ['PREFETCH', '0']]) };
  let root: string;
  let env: Record<string, string>;
  let app: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ptr-docker-replay-'));
    app = join(root, 'app');
    const bin = join(root, 'bin');
    await Promise.all([mkdir(join(app, 'voices'), { recursive: true }), mkdir(bin), mkdir(join(root, 'home'))]);
    // The user's app: a package, a voices manifest with an audio voice and a catalog voice.
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'speech-app', version: '1.0.0', private: true }));
    await writeFile(join(app, 'voices.json'), JSON.stringify({ voices: [{ name: 'narrator', source: 'voices/narrator.wav' }, { name: 'host', source: 'alba' }] }));
    await writeFile(join(app, 'voices', 'narrator.wav'), toneWav());
    // `pocket-tts-runtime` on PATH, as node_modules/.bin provides it in the image.
    await writeFile(join(bin, 'pocket-tts-runtime'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    await chmod(join(bin, 'pocket-tts-runtime'), 0o755);
    env = {
      // The image's ENV, its paths mapped into the temp folder.
      POCKET_TTS_RUNTIME_HOME: join(root, 'opt', 'pocket-tts-runtime'),
      HF_HOME: join(root, 'var', 'cache', 'huggingface'),
      HOME: join(root, 'home'),
      PATH: [bin, process.env.PATH ?? ''].join(delimiter),
      // Build args.
      POCKET_TTS_ENGINE: 'double',
      POCKET_TTS_LANGUAGE: 'english',
      POCKET_TTS_VOICES: 'alba',
      CI: '1',
      NO_COLOR: '1',
    };
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  async function sh(line: string, extra: Record<string, string> = {}) {
    const result = await execa('/bin/sh', ['-c', line], { cwd: app, env: { ...env, ...extra }, extendEnv: true, reject: false, all: true });
    return { exitCode: result.exitCode, output: String(result.all) };
  }

  /** Replays the package RUN lines of every stage an image with these build args is built from. */
  async function replay(parsed: ParsedDockerfile, offline: string, between?: (stage: Stage) => Promise<void>): Promise<string[]> {
    const replayed: string[] = [];
    for (const stage of neededStages(parsed, finalStage(parsed))) {
      // From the runtime stage on, the image's ENV HF_HUB_OFFLINE=${PREFETCH}.
      const extra: Record<string, string> = ancestry(parsed, stage).some((s) => s.name === 'runtime') ? { HF_HUB_OFFLINE: offline } : {};
      for (const run of stage.instructions.filter((i) => i.getKeyword() === 'RUN')) {
        const line = instructionCommand(run).replace('/tmp/verify.wav', join(root, 'verify.wav'));
        if (!line.startsWith('pocket-tts-runtime ')) continue;
        const result = await sh(line, extra);
        expect(result.exitCode, `${stage.name ?? '?'}: ${line}\n${result.output}`).toBe(0);
        replayed.push(`${stage.name ?? '?'}: ${line.split(' ').slice(0, 2).join(' ')}`);
      }
      await between?.(stage);
    }
    return replayed;
  }

  it('PREFETCH=0: every package step, in order, exits 0', { timeout: 120_000 }, async () => {
    expect(neededStages(prefetch0, finalStage(prefetch0)).map((s) => s.name)).toEqual(['node', 'hf-hub', 'base', 'build', 'weights-0', 'weights', 'voices', 'runtime', 'verify-0', 'final']);
    expect(await replay(prefetch0, '0')).toEqual(['build: pocket-tts-runtime setup', 'voices: pocket-tts-runtime setup', 'verify-0: pocket-tts-runtime preflight']);
  });

  it('the voices stage exported voices.json into .pocket-tts/voices, where the image copies them from', async () => {
    const preflight = await sh('pocket-tts-runtime preflight --json', { HF_HUB_OFFLINE: '0' });
    const report = JSON.parse(preflight.output.slice(preflight.output.indexOf('{'))) as { checks: { id: string; status: string; message: string }[] };
    const voices = report.checks.find((c) => c.id === 'voices');
    expect(voices?.status).toBe('pass');
    expect(voices?.message).toContain('2 exported voices');
    const copy = stageNamed(file, 'runtime')!.instructions.find((i) => /--from=voices/.test(i.toString()))!;
    expect(instructionCommand(copy)).toBe('/app/.pocket-tt[s] ./.pocket-tts/');
  });

  it('PREFETCH=1 (the default): every package step exits 0, offline preflight and generation included', { timeout: 120_000 }, async () => {
    // The double's prefetch downloads nothing ("needs no model files"), but the double's offline paths look for
    // the pinned files like upstream: put stand-ins where a real prefetch writes them, after the weights stage.
    const fillCache = async (stage: Stage) => {
      if (stage.name !== 'weights-1') return;
      for (const hubFile of requiredHubFiles({ language: 'english', catalogVoices: ['alba'] })) {
        const path = hubCachePath(join(env.HF_HOME!, 'hub'), hubFile);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, `stand-in for ${hubFile.path}`);
      }
    };
    expect(await replay(file, '1', fillCache)).toEqual([
      'build: pocket-tts-runtime setup',
      'weights-1: pocket-tts-runtime prefetch',
      'voices: pocket-tts-runtime setup',
      'verify-1: pocket-tts-runtime preflight',
      'verify-1: pocket-tts-runtime generate',
    ]);
  });

  describe('HEALTHCHECK', () => {
    let server: Server;
    let status = 200;
    beforeAll(async () => {
      server = createServer((req, res) => {
        res.writeHead(req.url === '/health' ? status : 404).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('exits 0 while the service answers 200 and 1 otherwise', async () => {
      const line = instructionCommand(finalStageInstructions(file, 'HEALTHCHECK')[0]!);
      const port = String((server.address() as AddressInfo).port);
      status = 200;
      expect((await sh(line, { PORT: port })).exitCode).toBe(0);
      status = 503;
      expect((await sh(line, { PORT: port })).exitCode).toBe(1);
    });
  });
});

function finalStageInstructions(file: ParsedDockerfile, keyword: string) {
  return ancestry(file, finalStage(file)).flatMap((s) => s.instructions.filter((i) => i.getKeyword() === keyword));
}
