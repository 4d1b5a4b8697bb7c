import { zodError } from '../errors/zod.js';
import { projectConfigSchema, type ProjectConfig } from './config.js';

/** Environment variables that override the project configuration (CI and containers set these). */
export const CONFIG_ENV = {
  POCKET_TTS_RUNTIME_HOME: 'home',
  POCKET_TTS_RUNTIME_ENGINE: 'engine',
  POCKET_TTS_RUNTIME_OFFLINE: 'offline',
  POCKET_TTS_RUNTIME_WHEELHOUSE: 'runtime.wheelhouse',
  POCKET_TTS_RUNTIME_MODE: 'runtime.mode',
  POCKET_TTS_RUNTIME_TORCH_VERSION: 'runtime.torchVersion',
  POCKET_TTS_RUNTIME_TORCH_INDEX_URL: 'runtime.torchIndexUrl',
  POCKET_TTS_RUNTIME_TORCH_FIND_LINKS: 'runtime.torchFindLinks',
  POCKET_TTS_RUNTIME_LANGUAGE: 'language',
  POCKET_TTS_RUNTIME_WORKERS: 'server.workers',
  POCKET_TTS_RUNTIME_TOKEN: 'server.token',
} as const;

/** The overrides the environment sets, validated like the file (a bad value names its variable). */
export function configFromEnv(env: NodeJS.ProcessEnv): ProjectConfig {
  const raw: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(CONFIG_ENV)) {
    const value = env[name];
    if (value === undefined || value.trim() === '') continue;
    setPath(raw, path, coerce(path, value.trim()));
  }
  const parsed = projectConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw zodError('INVALID_CONFIG', parsed.error, ({ path, message }) => {
    const variable = Object.entries(CONFIG_ENV).find(([, p]) => p === path)?.[0] ?? path;
    return { message: `${variable}: ${message}`, field: variable };
  });
}

function coerce(path: string, value: string): unknown {
  if (path === 'offline') return ['1', 'true', 'yes'].includes(value.toLowerCase()) ? true : ['0', 'false', 'no'].includes(value.toLowerCase()) ? false : value;
  if (path === 'server.workers') return /^\d+$/.test(value) ? Number(value) : value;
  return value;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = (target[head] ??= {}) as Record<string, unknown>;
  setPath(child, rest.join('.'), value);
}

/** Merges configurations, later ones winning field by field (one level of nesting). */
export function mergeConfigs(...configs: ProjectConfig[]): ProjectConfig {
  const merged: Record<string, unknown> = {};
  for (const config of configs) {
    for (const [key, value] of Object.entries(config)) {
      if (value === undefined) continue;
      const previous = merged[key];
      merged[key] = isPlainObject(value) && isPlainObject(previous) ? { ...previous, ...definedOnly(value) } : value;
    }
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function definedOnly(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
