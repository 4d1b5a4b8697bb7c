// The Dockerfiles of docker/: linted by dockerfile-utils (the validator behind VS Code's Docker support),
// then held to the rules the recipes promise. Building and running them is test/containers' job
// (npm run test:containers, with podman).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate, ValidationSeverity } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import {
  ancestry,
  commandsOf,
  DOCKER_DIR,
  DOCKERFILES,
  expandArgs,
  finalStage,
  flagsOf,
  flagValue,
  instructionCommand,
  readDockerfile,
  stageNamed,
  type ParsedDockerfile,
  type Stage,
} from './support/recipes.js';

const files = DOCKERFILES.map((name) => readDockerfile(name));
/** Where the hf_token build secret is mounted (BuildKit's default place for secret files). */
const SECRET_FILE = '/run/secrets/hf_token';

/** The optional wheels (`--build-context wheels=DIR`), mounted wherever setup runs. */
const WHEELS_MOUNT = '--mount=type=bind,from=wheels,target=/wheels';

/** `npm ci`, or npm's CLI script run by node where the image has no npm link (the Python images). */
function isNpmCi(argv: string[]): boolean {
  return (argv[0] === 'npm' && argv[1] === 'ci') || (argv[0] === 'node' && argv[1] === '/usr/local/lib/node_modules/npm/bin/npm-cli.js' && argv[2] === 'ci');
}
const PYTHON_IMAGES = ['Dockerfile', 'Dockerfile.sidecar'];

/** Every diagnostic, as `line: message`, with every optional rule raised to an error. */
function lint(text: string): string[] {
  return validate(text, {
    deprecatedMaintainer: ValidationSeverity.ERROR,
    directiveCasing: ValidationSeverity.ERROR,
    emptyContinuationLine: ValidationSeverity.ERROR,
    instructionCasing: ValidationSeverity.ERROR,
    instructionCmdMultiple: ValidationSeverity.ERROR,
    instructionEntrypointMultiple: ValidationSeverity.ERROR,
    instructionHealthcheckMultiple: ValidationSeverity.ERROR,
    instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
    instructionWorkdirRelative: ValidationSeverity.ERROR,
  }).map((d) => `${d.range.start.line + 1}: ${typeof d.message === 'string' ? d.message : d.message.value}`);
}

function instructions(stage: Stage, keyword: string) {
  return stage.instructions.filter((i) => i.getKeyword() === keyword);
}

/** Instructions of the final stage and of every stage it is built FROM (what the image inherits). */
function inherited(file: ParsedDockerfile, keyword: string) {
  return ancestry(file, finalStage(file)).flatMap((s) => instructions(s, keyword));
}

/** External images (not stages), with global ARG defaults expanded. */
// `scratch` is no image: an empty stage (the optional wheels).
function externalImages(file: ParsedDockerfile): string[] {
  return file.stages.filter((s) => stageNamed(file, s.from) === undefined && s.from !== 'scratch').map((s) => expandArgs(s.from, file.globalArgs));
}

describe('dockerfile-utils', () => {
  it('finds the problems it is meant to find (the linter is really running)', () => {
    const broken = 'from node:22 AS a\nWORKDIR relative\nEXPOSE http\nHEALTHCHECK --interval=10 CMD true\nFROM a AS a\n';
    const problems = lint(broken);
    expect(problems.length).toBeGreaterThanOrEqual(5);
    expect(problems.join('\n')).toMatch(/uppercase/);
    expect(problems.join('\n')).toMatch(/WORKDIR paths should be absolute/);
  });

  it.each(DOCKERFILES)('%s has no warning or error', (name) => {
    expect(lint(readFileSync(join(DOCKER_DIR, name), 'utf8'))).toEqual([]);
  });
});

describe.each(files)('$name', (file) => {
  it('asks for BuildKit syntax 1.10+ (secret env mounts, optional COPY patterns)', () => {
    expect(file.text.split('\n')[0]).toMatch(/^# syntax=docker\/dockerfile:1\.(1\d|[2-9]\d)$/);
  });

  it('pins every base image through an ARG with a full version default: no latest, no bare names', () => {
    for (const stage of file.stages.filter((s) => stageNamed(file, s.from) === undefined && s.from !== 'scratch')) {
      expect(stage.from, `FROM ${stage.from}`).toMatch(/^[a-z0-9./-]+:\$\{[A-Z_]+_VERSION\}/);
    }
    for (const image of externalImages(file)) {
      expect(image).not.toMatch(/\$|:latest\b/);
      expect(image, image).toMatch(/^[a-z0-9./-]+:\d+\.\d+\.\d+-/);
    }
    for (const [name, value] of file.globalArgs) {
      if (name.endsWith('_VERSION')) expect(value, name).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('runs as a fixed, numeric, non-root user in the final image', () => {
    const users = inherited(file, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = expandArgs(users.at(-1)?.getArgumentsContent() ?? '', file.globalArgs);
    expect(user).toMatch(/^\d+:\d+$/);
    expect(user.split(':').map(Number).every((id) => id >= 1000)).toBe(true);
  });

  it("has a HEALTHCHECK using the package's own check", () => {
    const checks = inherited(file, 'HEALTHCHECK');
    expect(checks).toHaveLength(1);
    const argv = commandsOf(instructionCommand(checks[0]!));
    expect(argv).toHaveLength(1);
    expect(argv[0]?.slice(0, 4)).toEqual(['pocket-tts-runtime', 'health', '--url', expect.stringMatching(/^http:\/\/127\.0\.0\.1:(\$\{PORT\}|\d+)$/)]);
  });

  it('never installs CUDA: no CUDA index, package or base image, and torch only through the package', () => {
    // Instructions only: comments may explain why CUDA is avoided.
    for (const instruction of file.ast.getInstructions()) {
      expect(instruction.toString()).not.toMatch(/cuda|nvidia|cudnn|\/whl\/cu\d|--extra-index-url|--index-url/i);
    }
    for (const run of file.ast.getInstructions().filter((i) => i.getKeyword() === 'RUN')) {
      expect(run.getArgumentsContent()).not.toMatch(/\b(pip|pip3|uv|conda|apt-get|apt)\b/);
    }
  });

  it('runs only package commands in RUN steps (plus npm ci and creating the user)', () => {
    const allowed = (argv: string[]): boolean =>
      argv[0] === 'pocket-tts-runtime' || isNpmCi(argv) || argv[0] === 'groupadd' || argv[0] === 'useradd';
    for (const run of file.ast.getInstructions().filter((i) => i.getKeyword() === 'RUN')) {
      for (const argv of commandsOf(instructionCommand(run))) expect(allowed(argv), `line ${run.getRange().start.line + 1}: ${argv.join(' ')}`).toBe(true);
    }
  });

  it('never bakes a token into a layer: HF_TOKEN only as a build secret (a file huggingface_hub reads through HF_TOKEN_PATH)', () => {
    for (const instruction of file.ast.getInstructions().filter((i) => ['ARG', 'ENV'].includes(i.getKeyword()))) {
      // Only the path of the secret's file, never a token itself.
      expect(instruction.getArgumentsContent()?.replace(`HF_TOKEN_PATH=${SECRET_FILE}`, '')).not.toMatch(/TOKEN/);
    }
    const secretRuns = file.ast.getInstructions().filter((i) => i.getKeyword() === 'RUN' && /type=secret/.test(i.toString()));
    for (const run of secretRuns) expect(flagsOf(run)).toContain(`--mount=type=secret,id=hf_token,target=${SECRET_FILE}`);
  });

  it('has a .dockerignore beside it that keeps node_modules, .git and host voices out of the context', () => {
    const ignore = join(DOCKER_DIR, `${file.name}.dockerignore`);
    expect(existsSync(ignore)).toBe(true);
    const lines = readFileSync(ignore, 'utf8').split('\n');
    expect(lines).toEqual(expect.arrayContaining(['**/node_modules', '.git', '.pocket-tts', '.env']));
  });
});

describe.each(files.filter((f) => PYTHON_IMAGES.includes(f.name)))('$name (runtime images)', (file) => {
  const setupStage = file.stages.find((s) => instructions(s, 'RUN').some((r) => / setup /.test(`${r.getArgumentsContent() ?? ''} `)));

  it('builds the venv and runs it on the same Python base (the venv cannot move)', () => {
    expect(setupStage).toBeDefined();
    const root = (stage: Stage) => ancestry(file, stage).at(-1)!;
    expect(root(setupStage!)).toBe(root(finalStage(file)));
    expect(root(finalStage(file)).from).toMatch(/^python:\$\{PYTHON_VERSION\}-slim-\$\{DEBIAN_RELEASE\}$/);
    // Node comes from the node image as a binary, into that same base.
    const base = root(finalStage(file));
    expect(instructions(base, 'COPY').map((c) => c.toString())).toContain('COPY --from=node /usr/local/bin/node /usr/local/bin/node');
  });

  it('installs dependencies and provisions before copying the app or voices (cache-friendly layers)', () => {
    const order = setupStage!.instructions.map((i) => `${i.getKeyword()} ${i.getArgumentsContent() ?? ''}`);
    const npmCi = order.findIndex((l) => l.startsWith('RUN ') && commandsOf(l.slice(4)).some(isNpmCi));
    const setup = order.findIndex((l) => l.startsWith('RUN pocket-tts-runtime setup'));
    expect(npmCi).toBeGreaterThan(-1);
    expect(setup).toBeGreaterThan(npmCi);
    const copies = order.filter((l) => l.startsWith('COPY ') && !l.includes('/usr/local'));
    expect(copies).toEqual(['COPY package.json package-lock.json pocket-tts-runtime.config.jso[n] ./']);
    expect(order[setup]).toContain('--no-smoke');
  });

  it('takes optional wheels (--build-context wheels=DIR) only as a mount where setup runs, never into a layer', () => {
    const wheels = stageNamed(file, 'wheels');
    expect(wheels?.from).toBe('scratch');
    expect(wheels?.instructions).toEqual([]);
    const setups = file.stages.flatMap((stage) => instructions(stage, 'RUN').filter((r) => / setup /.test(`${r.getArgumentsContent() ?? ''} `)));
    expect(setups.length).toBe(2);
    for (const run of setups) expect(flagsOf(run)).toContain(WHEELS_MOUNT);
    expect(file.ast.getInstructions().filter((i) => /--from=wheels/.test(i.toString()))).toEqual([]);
  });

  it('takes optional model files (--build-context hf-hub=DIR) only into the stages that need the model, never into a PREFETCH=0 image', () => {
    const hub = stageNamed(file, 'hf-hub');
    expect(hub?.from).toBe('scratch');
    expect(hub?.instructions).toEqual([]);
    const users = file.stages.filter((stage) => stage.instructions.some((i) => /--from=hf-hub/.test(i.toString())));
    expect(users.map((s) => s.name)).toEqual(['weights-1', 'voices']);
    for (const stage of users) {
      const copy = stage.instructions.find((i) => /--from=hf-hub/.test(i.toString()))!;
      expect(copy.toString()).toBe('COPY --from=hf-hub / ${HF_HOME}/hub/');
      // Before the step that needs the files (prefetch finds them, voice export loads the model from them).
      expect(stage.instructions.indexOf(copy)).toBeLessThan(stage.instructions.findIndex((i) => i.getKeyword() === 'RUN'));
    }
    // The image copies the HF cache from `weights` and only the exported voices from `voices`.
    expect(instructions(finalStageBase(file), 'COPY').filter((c) => /--from=(voices|hf-hub)/.test(c.toString())).map((c) => c.getArgumentsContent())).toEqual(['/app/.pocket-tt[s] ./.pocket-tts/']);
  });

  it('prefetches behind the PREFETCH build arg, and runs offline exactly when prefetched', () => {
    expect(file.globalArgs.get('PREFETCH')).toBe('1');
    const weights = stageNamed(file, 'weights');
    expect(weights?.from).toBe('weights-${PREFETCH}');
    const fetch = stageNamed(file, 'weights-1');
    expect(instructions(fetch!, 'RUN').map(instructionCommand).join('\n')).toMatch(/^pocket-tts-runtime prefetch /);
    expect(instructions(stageNamed(file, 'weights-0')!, 'RUN')).toEqual([]);
    const env = inherited(file, 'ENV').map((e) => e.getArgumentsContent() ?? '');
    expect(env.some((e) => /(^|\s)HF_HUB_OFFLINE=\$\{PREFETCH\}(\s|$)/.test(e))).toBe(true);
    expect(env.some((e) => e.includes('HF_HOME=/var/cache/huggingface'))).toBe(true);
    // The image takes its HF cache from the weights stage, not from a stage that may have downloaded more.
    const copies = instructions(finalStageBase(file), 'COPY').map((c) => c.toString());
    expect(copies).toContain('COPY --from=weights --chown=${APP_UID}:${APP_UID} ${HF_HOME} ${HF_HOME}');
  });

  it('verifies the final layout as the runtime user: preflight, offline (plus a generation) when prefetched', () => {
    expect(finalStage(file).from).toBe('verify-${PREFETCH}');
    const offline = instructions(stageNamed(file, 'verify-1')!, 'RUN').map(instructionCommand);
    expect(offline[0]).toMatch(/^pocket-tts-runtime preflight --offline /);
    expect(offline[1]).toMatch(/^pocket-tts-runtime generate --text /);
    const online = instructions(stageNamed(file, 'verify-0')!, 'RUN').map(instructionCommand);
    expect(online).toHaveLength(1);
    expect(online[0]).toMatch(/^pocket-tts-runtime preflight\b/);
    expect(online[0]).not.toContain('--offline');
    // USER comes before the verification stages start.
    expect(instructions(finalStageBase(file), 'USER')).toHaveLength(1);
  });

  it('exports voices in their own stage, with the HF token as a build secret', () => {
    const voices = stageNamed(file, 'voices')!;
    expect(voices.from).toBe('weights');
    const copies = instructions(voices, 'COPY').map((c) => c.getArgumentsContent());
    expect(copies).toEqual(['/ ${HF_HOME}/hub/', 'voices.jso[n] ./', 'voice[s] ./voices/']);
    const runs = instructions(voices, 'RUN');
    expect(runs).toHaveLength(1);
    expect(flagsOf(runs[0]!)).toEqual([`--mount=type=secret,id=hf_token,target=${SECRET_FILE}`, WHEELS_MOUNT]);
    // The secret's file is where huggingface_hub looks for the token, in this stage only (not in the image).
    expect(instructions(voices, 'ENV').map((e) => e.getArgumentsContent())).toEqual([`HF_TOKEN_PATH=${SECRET_FILE}`]);
    expect(instructionCommand(runs[0]!)).toMatch(/^pocket-tts-runtime setup /);
  });

  it('declares the HF cache as a volume', () => {
    const volumes = inherited(file, 'VOLUME').flatMap((v) => JSON.parse(v.getArgumentsContent() ?? '[]') as string[]);
    expect(volumes).toContain('/var/cache/huggingface');
  });
});

/** The stage the verify stages are built FROM (`runtime` or `pool`). */
function finalStageBase(file: ParsedDockerfile): Stage {
  const verify = stageNamed(file, 'verify-0');
  const base = verify === undefined ? undefined : stageNamed(file, verify.from);
  if (base === undefined) throw new Error(`${file.name}: no verify-0 stage built FROM a stage`);
  return base;
}

describe('Dockerfile (single image)', () => {
  const file = files.find((f) => f.name === 'Dockerfile')!;

  it('declares the HF cache as a volume, not the runtime home (each start would copy ~1 GB into a new volume)', () => {
    const volumes = instructions(finalStageBase(file), 'VOLUME').flatMap((v) => JSON.parse(v.getArgumentsContent() ?? '[]') as string[]);
    expect(volumes).toEqual(['/var/cache/huggingface']);
    expect(file.text).toContain('ENV POCKET_TTS_RUNTIME_HOME=/opt/pocket-tts-runtime');
  });

  it('runs the service (node .) and copies the app sources last', () => {
    const runtime = finalStageBase(file);
    expect(instructions(runtime, 'CMD').map((c) => c.getArgumentsContent())).toEqual(['["node", "."]']);
    const copies = instructions(runtime, 'COPY');
    expect(copies.at(-1)?.getArgumentsContent()).toBe('. .');
  });
});

describe('Dockerfile.sidecar (pool image)', () => {
  const file = files.find((f) => f.name === 'Dockerfile.sidecar')!;

  it('serves the pool on 0.0.0.0:8000 with an explicit worker count, and exposes 8000', () => {
    const pool = finalStageBase(file);
    const cmd = commandsOf(instructionCommand(instructions(pool, 'CMD')[0]!));
    expect(cmd).toEqual([['pocket-tts-runtime', 'serve', '--host', '0.0.0.0', '--port', '8000', '--workers', expect.stringMatching(/^\d+$/)]]);
    expect(instructions(pool, 'EXPOSE').map((e) => e.getArgumentsContent())).toEqual(['8000']);
  });

  it('shares the exported voices through a volume and does not put the runtime home in one', () => {
    const volumes = instructions(finalStageBase(file), 'VOLUME').flatMap((v) => JSON.parse(v.getArgumentsContent() ?? '[]') as string[]);
    expect(volumes).toEqual(['/var/cache/huggingface', '/app/.pocket-tts/voices']);
  });

  it('preflights the worker count it serves', () => {
    const serveWorkers = flagValue(commandsOf(instructionCommand(instructions(finalStageBase(file), 'CMD')[0]!))[0] ?? [], '--workers');
    expect(serveWorkers).toMatch(/^\d+$/);
    for (const name of ['verify-0', 'verify-1']) {
      const preflight = instructions(stageNamed(file, name)!, 'RUN').map(instructionCommand).find((c) => c.includes(' preflight'));
      expect(preflight).toContain(`--server --workers ${serveWorkers}`);
    }
  });
});

describe('Dockerfile.service (Node only)', () => {
  const file = files.find((f) => f.name === 'Dockerfile.service')!;

  it('has no Python and provisions nothing: the pool is another container', () => {
    expect(externalImages(file).every((image) => image.startsWith('node:'))).toBe(true);
    expect(file.text).not.toMatch(/pocket-tts-runtime (setup|provision|prefetch|serve)/);
  });
});
