// Loading the container recipes of docker/ for the lint tests: Dockerfiles (dockerfile-ast), Compose and
// Kubernetes YAML, the pocket-tts-runtime invocations they contain, and the pool sizing formula.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, ModifiableInstruction, type Instruction, type Dockerfile } from 'dockerfile-ast';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const DOCKER_DIR = join(ROOT, 'docker');
export const K8S_DIR = join(DOCKER_DIR, 'k8s');
export const COMPOSE_FILE = join(DOCKER_DIR, 'compose.yaml');

/** The package's CLI name, as every recipe invokes it. */
export const BIN = 'pocket-tts-runtime';

/** Every Dockerfile of the recipes, by file name. */
export const DOCKERFILES = ['Dockerfile', 'Dockerfile.sidecar', 'Dockerfile.service'] as const;
export type DockerfileName = (typeof DOCKERFILES)[number];

// ---------------------------------------------------------------------------------------------------------
// Pool sizing: the one formula the recipes' numbers must follow (RUNTIME.md, "Containers and Kubernetes").

const MI = 1024 ** 2;
export const SIZING = {
  /** Per worker: one core generating, requested; one extra core of limit absorbs decoder threads and the front. */
  cpuPerWorker: 1,
  cpuLimitHeadroom: 1,
  /** Per worker: 1 GiB requested (a loaded sidecar: 0.76-1.03 GB measured), 2 GiB limit (its load peak: 1.19-1.26 GB, preflight budgets 1.3 GB and wants 25 % headroom under --strict); --quantize does not lower either. */
  memoryRequestPerWorker: { plain: 1536 * MI, quantized: 1536 * MI },
  memoryLimitPerWorker: { plain: 2048 * MI, quantized: 2048 * MI },
  /** The Node pool front, health probes and headroom. */
  memoryOverhead: 512 * MI,
} as const;

export interface PoolResources {
  requests: { cpu: number; memory: number };
  limits: { cpu: number; memory: number };
}

/** Requests and limits (cores, bytes) a pool of `workers` needs. */
export function poolResources(workers: number, quantize = false): PoolResources {
  const kind = quantize ? 'quantized' : 'plain';
  return {
    requests: { cpu: workers * SIZING.cpuPerWorker, memory: workers * SIZING.memoryRequestPerWorker[kind] + SIZING.memoryOverhead },
    limits: { cpu: workers * SIZING.cpuPerWorker + SIZING.cpuLimitHeadroom, memory: workers * SIZING.memoryLimitPerWorker[kind] + SIZING.memoryOverhead },
  };
}

/** A Kubernetes quantity (`2`, `500m`, `1536Mi`, `2Gi`, `1G`) as a number (cores or bytes). */
export function k8sQuantity(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(value);
  if (match === null) throw new Error(`not a Kubernetes quantity: ${value}`);
  const factors: Record<string, number> = { m: 1e-3, Ki: 1024, Mi: MI, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Number(match[1]) * (match[2] === undefined ? 1 : (factors[match[2]] ?? Number.NaN));
}

/** A Compose/Docker byte value (`1536M`, `2g`, `512m`): Docker's units are binary. */
export function composeBytes(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)\s*([bkmg])?b?$/i.exec(value);
  if (match === null) throw new Error(`not a Docker byte value: ${value}`);
  const power = { b: 0, k: 1, m: 2, g: 3 }[(match[2] ?? 'b').toLowerCase() as 'b' | 'k' | 'm' | 'g'];
  return Number(match[1]) * 1024 ** power;
}

// ---------------------------------------------------------------------------------------------------------
// Invocations of the package's CLI.

/** One `pocket-tts-runtime …` command line found in a recipe. */
export interface Invocation {
  /** Where: file and instruction or YAML path. */
  where: string;
  /** The words after `pocket-tts-runtime`, quotes removed, variables left as written. */
  args: string[];
}

/** The subcommand path (`['voices', 'export']`) and the long flags of an invocation. */
export function commandShape(args: readonly string[]): { command: string[]; flags: string[] } {
  const command: string[] = [];
  for (const word of args) {
    if (word.startsWith('-')) break;
    command.push(word);
  }
  const flags = args.filter((w) => w.startsWith('--')).map((w) => w.split('=')[0] ?? w);
  return { command, flags };
}

/** The value after `--flag` in an argv, if present. */
export function flagValue(args: readonly string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index === -1 ? undefined : args[index + 1];
}

/** Splits a /bin/sh command line into simple commands (at &&, ||, ;, |) of words, quotes removed. */
export function shellCommands(line: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (quote !== null) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line.charAt(++i);
      else word += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      const next = line.charAt(++i);
      if (next !== '\n') {
        word += next;
        inWord = true;
      }
    } else if (/\s/.test(c)) endWord();
    else if (c === ';') endCommand();
    else if ((c === '&' || c === '|') && line.charAt(i + 1) === c) {
      i++;
      endCommand();
    } else if (c === '|') endCommand();
    else {
      word += c;
      inWord = true;
    }
  }
  if (quote !== null) throw new Error(`unterminated quote in: ${line}`);
  endCommand();
  return commands;
}

/** The argv of a command given in exec form (a JSON array) or shell form (run by /bin/sh -c). */
export function commandsOf(value: string | readonly string[]): string[][] {
  if (typeof value !== 'string') {
    if (value[0] === 'CMD-SHELL' || value[0] === '/bin/sh' || value[0] === 'sh') return shellCommands(value.at(-1) ?? '');
    return [value[0] === 'CMD' ? value.slice(1) : [...value]];
  }
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) return [JSON.parse(trimmed) as string[]];
  return shellCommands(trimmed);
}

/** The package invocations among some argvs (`exec pocket-tts-runtime …` counts too). */
function invocationsIn(argvs: string[][], where: string): Invocation[] {
  return argvs
    .map((argv) => (argv[0] === 'exec' ? argv.slice(1) : argv))
    .filter((argv) => argv[0] === BIN)
    .map((argv) => ({ where, args: argv.slice(1) }));
}

// ---------------------------------------------------------------------------------------------------------
// Dockerfiles.

export interface Stage {
  /** `AS` name, or null. */
  name: string | null;
  /** The FROM image or stage reference, variables as written. */
  from: string;
  /** The instructions after FROM, up to the next FROM. */
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  name: DockerfileName;
  path: string;
  text: string;
  ast: Dockerfile;
  /** ARGs before the first FROM, with their defaults. */
  globalArgs: Map<string, string | null>;
  stages: Stage[];
}

export function readDockerfile(name: DockerfileName): ParsedDockerfile {
  const path = join(DOCKER_DIR, name);
  const text = readFileSync(path, 'utf8');
  const ast = DockerfileParser.parse(text);
  const globalArgs = new Map<string, string | null>();
  for (const arg of ast.getInitialARGs()) {
    const property = arg.getProperty();
    if (property !== null) globalArgs.set(property.getName(), property.getValue());
  }
  const stages: Stage[] = [];
  for (const instruction of ast.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const words = instruction.getArguments().map((a) => a.getValue());
      const as = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({ name: as === -1 ? null : (words[as + 1] ?? null), from: words[0] ?? '', instructions: [] });
    } else stages.at(-1)?.instructions.push(instruction);
  }
  return { name, path, text, ast, globalArgs, stages };
}

/** `${VAR}` / `$VAR` replaced by the global ARG defaults (unknown variables are left as they are). */
export function expandArgs(value: string, args: ReadonlyMap<string, string | null>): string {
  return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => args.get(braced ?? bare ?? '') ?? whole);
}

/** The stage an image build ends with (the last one). */
export function finalStage(file: ParsedDockerfile): Stage {
  const last = file.stages.at(-1);
  if (last === undefined) throw new Error(`${file.name} has no FROM`);
  return last;
}

/** A stage by name, after expanding global ARGs in the reference. */
export function stageNamed(file: ParsedDockerfile, reference: string): Stage | undefined {
  const name = expandArgs(reference, file.globalArgs);
  return file.stages.find((s) => s.name === name);
}

/** The chain of stages a stage is built FROM, itself first, down to an external image. */
export function ancestry(file: ParsedDockerfile, stage: Stage): Stage[] {
  const chain = [stage];
  for (let parent = stageNamed(file, stage.from); parent !== undefined; parent = stageNamed(file, parent.from)) {
    if (chain.includes(parent)) throw new Error(`stage cycle at ${parent.name ?? '?'}`);
    chain.push(parent);
  }
  return chain;
}

/** An instruction's flags as written (`--mount=…`, `--from=…`); none for instructions without flags. */
export function flagsOf(instruction: Instruction): string[] {
  return instruction instanceof ModifiableInstruction ? instruction.getFlags().map((f) => f.toString()) : [];
}

/** The command text of a RUN, CMD or HEALTHCHECK (flags removed, continuation lines joined). */
export function instructionCommand(instruction: Instruction): string {
  const content = (instruction.getArgumentsContent() ?? '').trim();
  return instruction.getKeyword() === 'HEALTHCHECK' ? content.replace(/^CMD\s+/i, '') : content;
}

/** Every package invocation in a Dockerfile's RUN, CMD, ENTRYPOINT and HEALTHCHECK instructions. */
export function dockerfileInvocations(file: ParsedDockerfile): Invocation[] {
  return file.ast
    .getInstructions()
    .filter((i) => ['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(i.getKeyword()))
    .flatMap((i) => invocationsIn(commandsOf(instructionCommand(i)), `${file.name}:${i.getRange().start.line + 1} ${i.getKeyword()}`));
}

// ---------------------------------------------------------------------------------------------------------
// Compose and Kubernetes YAML.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function readCompose(): JsonObject {
  // Compose resolves YAML merge keys (<<) like YAML 1.1; so does this parse.
  return parseYaml(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as JsonObject;
}

export interface K8sDocument {
  file: string;
  index: number;
  doc: JsonObject;
}

/** Every YAML document of docker/k8s/*.yaml. */
export function readK8sDocuments(): K8sDocument[] {
  const files = readdirSync(K8S_DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(join(K8S_DIR, file), 'utf8')).map((d, index) => {
      if (d.errors.length > 0) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
      return { file, index, doc: d.toJSON() as JsonObject };
    }),
  );
}

/** Navigates parsed YAML by keys and indexes (undefined when any step is missing). */
export function at(value: Json | undefined, ...path: (string | number)[]): Json | undefined {
  let current: Json | undefined = value;
  for (const key of path) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? (typeof key === 'number' ? current[key] : undefined) : current[String(key)];
  }
  return current;
}

export function asObject(value: Json | undefined, what: string): JsonObject {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} is not a mapping`);
  return value;
}

export function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

/** A scalar as text ('' for absent values; mappings and lists are an error). */
export function str(value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') throw new Error(`expected a scalar, got ${JSON.stringify(value)}`);
  return String(value);
}

export function strings(value: Json | undefined): string[] {
  return asArray(value).map((v) => str(v));
}

/** The package invocations in Compose services (command, entrypoint, healthcheck). */
export function composeInvocations(compose: JsonObject): Invocation[] {
  const services = asObject(compose.services, 'services');
  return Object.entries(services).flatMap(([name, service]) =>
    (['command', 'entrypoint'] as const)
      .flatMap((key) => {
        const value = at(service, key);
        if (value === undefined || value === null) return [];
        return invocationsIn(commandsOf(typeof value === 'string' ? value : strings(value)), `compose.yaml services.${name}.${key}`);
      })
      .concat(
        (() => {
          const test = at(service, 'healthcheck', 'test');
          if (test === undefined || test === null) return [];
          return invocationsIn(commandsOf(typeof test === 'string' ? test : strings(test)), `compose.yaml services.${name}.healthcheck.test`);
        })(),
      ),
  );
}

/** A pod template's containers, init containers included (empty for other kinds). */
export function podContainers(doc: JsonObject): { kind: 'init' | 'main'; container: JsonObject }[] {
  const spec = at(doc, 'spec', 'template', 'spec');
  return [
    ...asArray(at(spec, 'initContainers')).map((c) => ({ kind: 'init' as const, container: asObject(c, 'initContainer') })),
    ...asArray(at(spec, 'containers')).map((c) => ({ kind: 'main' as const, container: asObject(c, 'container') })),
  ];
}

/** The package invocations in Kubernetes containers (command + args, exec probes, lifecycle hooks). */
export function k8sInvocations(documents: readonly K8sDocument[]): Invocation[] {
  return documents.flatMap(({ file, doc }) =>
    podContainers(doc).flatMap(({ container }) => {
      const name = str(container.name);
      const argv = [...strings(container.command), ...strings(container.args)];
      const execs: [string, string[]][] = [
        ['command', argv],
        ...(['startupProbe', 'readinessProbe', 'livenessProbe'] as const).map((p): [string, string[]] => [p, strings(at(container, p, 'exec', 'command'))]),
        ...(['postStart', 'preStop'] as const).map((h): [string, string[]] => [`lifecycle.${h}`, strings(at(container, 'lifecycle', h, 'exec', 'command'))]),
      ];
      return execs.filter(([, a]) => a.length > 0).flatMap(([key, a]) => invocationsIn(commandsOf(a), `k8s/${file} ${name}.${key}`));
    }),
  );
}
