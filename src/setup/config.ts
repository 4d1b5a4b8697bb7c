import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { TtsError } from '../errors/index.js';
import { zodError } from '../errors/zod.js';
import { LANGUAGES } from '../request/catalog.js';
import { isVoiceStateFile } from '../request/voice.js';
import { listenHostProblem } from '../config/listen.js';

/** The project configuration file's name, looked up from the working directory upwards. */
export const CONFIG_FILE = 'pocket-tts-runtime.config.json';

/** What a project configures; every field optional, the defaults work with no file at all. */
export const projectConfigSchema = z.strictObject({
  /** Home folder for runtimes (default: $POCKET_TTS_RUNTIME_HOME, else the platform data folder). */
  home: z.string().min(1).optional(),
  /** `real` pocket-tts from the package index (default), or the contract `double` (no real speech). */
  engine: z.enum(['real', 'double']).optional(),
  runtime: z
    .strictObject({
      mode: z.enum(['venv', 'uvx', 'system']).optional(),
      /** The pocket-tts version to install (default: the pin in RUNTIME.md). */
      pocketTts: z.string().min(1).optional(),
      python: z.string().min(1).optional(),
      executable: z.string().min(1).optional(),
      wheelhouse: z.string().min(1).optional(),
      lock: z.string().min(1).optional(),
      extras: z.array(z.enum(['audio', 'quantize'])).optional(),
      installer: z.enum(['auto', 'uv', 'pip']).optional(),
      /** A package index mirror (default: the installer's own configuration). */
      indexUrl: z.url().optional(),
      /** PyTorch's CPU wheel index, or a mirror of it. */
      torchIndexUrl: z.url().optional(),
      /** One exact torch version (`2.13.0+cpu`); a bare or GPU-labelled one needs `torchAllowCuda`. */
      torchVersion: z.string().min(1).optional(),
      /** A folder of torch wheels (relative to this file): torch from there, the rest from the index. */
      torchFindLinks: z.string().min(1).optional(),
      /** Accept a CUDA build of torch (default false). */
      torchAllowCuda: z.boolean().optional(),
    })
    .optional(),
  /** Cache-only operation: HF_HUB_OFFLINE=1 for pocket-tts, and installs only from the wheelhouse. */
  offline: z.boolean().optional(),
  hfHome: z.string().min(1).optional(),
  hfHubCache: z.string().min(1).optional(),
  language: z.enum(LANGUAGES).optional(),
  voices: z.strictObject({ manifest: z.string().min(1).optional(), dir: z.string().min(1).optional() }).optional(),
  server: z
    .strictObject({
      workers: z.number().int().min(1).max(64).optional(),
      host: z.string().min(1).check((ctx) => {
        const problem = listenHostProblem(ctx.value);
        if (problem !== null) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
      }).optional(),
      port: z.number().int().min(0).max(65_535).optional(),
      /** Bearer token every route of `serve` but /health needs (default: none, no auth). */
      token: z.string().min(1).optional(),
      /** Voice of a `serve` request that names none: a catalog name or an exported .safetensors file (relative to this file). */
      defaultVoice: z.string().min(1).optional(),
    })
    .optional(),
  smoke: z.strictObject({ text: z.string().min(1).optional(), voice: z.string().min(1).optional(), out: z.string().min(1).optional() }).optional(),
});

/** A project configuration as written in the file. */
export type ProjectConfig = z.infer<typeof projectConfigSchema>;

/** A loaded configuration and where it came from. */
export interface LoadedConfig {
  config: ProjectConfig;
  /** The file read, or null when none was found (defaults only). */
  file: string | null;
  /** Folder relative paths in the file resolve against (the file's folder, or the working directory). */
  base: string;
}

/** Finds the config file from `cwd` upwards (or reads `explicit`), validates it, and resolves its paths. */
export async function loadProjectConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  const file = explicit === undefined ? await findUpwards(cwd, CONFIG_FILE) : resolve(cwd, explicit);
  if (file === null) return { config: {}, file: null, base: cwd };
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new TtsError('INVALID_CONFIG', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { field: 'config', hint: `Create ${file}, or point POCKET_TTS_RUNTIME_CONFIG at an existing file.`, cause: error });
  });
  const parsed = projectConfigSchema.safeParse(parseJson(text, file));
  if (!parsed.success) {
    throw zodError('INVALID_CONFIG', parsed.error, ({ path, message, unknownKeys, didYouMean, issues }) => {
      const field = unknownKeys === null ? path : unknownKeys.join(', ');
      const raw = issues[0]?.path ?? [];
      const at = position(text, unknownKeys === null ? raw : [...raw, unknownKeys[0] ?? '']);
      const where = at === null ? file : `${file}:${at.line}:${at.column}`;
      return { message: `${where}: ${field === '' ? '' : `${field}: `}${message}${didYouMean}`, field, hint: `Fix ${field === '' ? 'the file' : `"${field}"`} in ${where}; RUNTIME.md ("Configuration") lists every setting.`, details: { issues, file, ...(at ?? {}) } };
    }, { schema: projectConfigSchema });
  }
  return { config: parsed.data, file, base: dirname(file) };
}

/** Where the configuration comes from; each defaults to the process's own. */
export interface ConfigSources {
  /** Project folder: where the file is looked up from, and relative paths of the environment resolve (default: the working directory). */
  cwd?: string;
  /** An explicit config file (default: $POCKET_TTS_RUNTIME_CONFIG, else pocket-tts-runtime.config.json found from cwd upwards). */
  file?: string;
  env?: NodeJS.ProcessEnv;
}

/** The environment variable naming an explicit config file (for commands whose --config is pocket-tts's own). */
export const CONFIG_FILE_ENV = 'POCKET_TTS_RUNTIME_CONFIG';

/** The folders and files of a configuration, resolved to absolute paths against `base`. */
export function absolutePaths(config: ProjectConfig, base: string): ProjectConfig {
  const at = (path: string | undefined): string | undefined => (path === undefined ? undefined : resolve(base, path));
  const { runtime: r, voices: v, smoke: s, server: sv } = config;
  return {
    ...config,
    ...(config.home === undefined ? {} : { home: at(config.home) }),
    ...(config.hfHome === undefined ? {} : { hfHome: at(config.hfHome) }),
    ...(config.hfHubCache === undefined ? {} : { hfHubCache: at(config.hfHubCache) }),
    ...(r === undefined ? {} : { runtime: { ...r, wheelhouse: at(r.wheelhouse), lock: at(r.lock), torchFindLinks: at(r.torchFindLinks) } }),
    ...(v === undefined ? {} : { voices: { manifest: at(v.manifest), dir: at(v.dir) } }),
    ...(s === undefined ? {} : { smoke: { ...s, out: at(s.out) } }),
    // A voice FILE is relative to the config file; a catalog name stays a name.
    ...(sv?.defaultVoice !== undefined && isVoiceStateFile(sv.defaultVoice) ? { server: { ...sv, defaultVoice: at(sv.defaultVoice) } } : {}),
  };
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const errors: ParseError[] = [];
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const at = errors[0] === undefined ? null : lineColumn(text, errors[0].offset);
    const where = at === null ? file : `${file}:${at.line}:${at.column}`;
    throw new TtsError('INVALID_CONFIG', `${where}: not valid JSON (${errors[0] === undefined ? (error as Error).message : printParseErrorCode(errors[0].error)})`, {
      field: 'config',
      hint: `Fix the JSON at ${where}; RUNTIME.md ("Configuration") lists every setting.`,
      details: { file, ...(at ?? {}) },
      cause: error,
    });
  }
}

/** Line and column (1-based) of the value (or, for a refused key, the key) at `path` in a JSON text. */
function position(text: string, path: readonly PropertyKey[]): { line: number; column: number } | null {
  const root = parseTree(text);
  if (root === undefined) return null;
  const segments = path.map((key) => (typeof key === 'number' ? key : String(key)));
  const node = findNodeAtLocation(root, segments);
  if (node === undefined) return segments.length === 0 ? lineColumn(text, root.offset) : position(text, path.slice(0, -1));
  // A property's value sits after its key: point at the key, where the reader looks.
  const at = node.parent?.type === 'property' ? node.parent.offset : node.offset;
  return lineColumn(text, at);
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

async function findUpwards(start: string, name: string): Promise<string | null> {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, name);
    if (await readFile(candidate).then(() => true, () => false)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
