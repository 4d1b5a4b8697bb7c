// What pocket-tts will actually see: the runtime's recorded environment over the caller's.
import { join } from 'node:path';
import { nonEmpty, userHome } from '../../config/home.js';
import type { Runtime } from '../../runtime/types.js';
import type { Facts } from './types.js';

/** A value of the environment pocket-tts gets (the runtime's record wins over the caller's variables). */
export function effectiveVar(facts: Pick<Facts, 'runtime' | 'options'>, name: string): string | undefined {
  return nonEmpty(facts.runtime?.env[name]) ?? nonEmpty(facts.options.env[name]);
}

/** `HF_HUB_CACHE` as pocket-tts resolves it. */
export function effectiveHubCache(facts: Pick<Facts, 'options'> & { runtime: Runtime }): string {
  return effectiveVar(facts, 'HF_HUB_CACHE') ?? facts.runtime.caches.hfHubCache;
}

/** `HF_HOME` as pocket-tts resolves it. */
export function effectiveHfHome(facts: Pick<Facts, 'options'> & { runtime: Runtime }): string {
  return effectiveVar(facts, 'HF_HOME') ?? facts.runtime.caches.hfHome;
}

/** huggingface_hub's truthy values: 1, ON, YES, TRUE (any case). */
export function truthy(value: string | undefined): boolean {
  return ['1', 'ON', 'YES', 'TRUE'].includes((value ?? '').trim().toUpperCase());
}

/** True when pocket-tts will run with `HF_HUB_OFFLINE` on, or preflight was asked to check offline. */
export function effectiveOffline(facts: Pick<Facts, 'runtime' | 'options'>): boolean {
  return facts.options.offline || truthy(effectiveVar(facts, 'HF_HUB_OFFLINE'));
}

/** pocket-tts's URL voice cache: `~/.cache/pocket_tts`, following the HOME pocket-tts runs with. */
export function pocketTtsCacheDir(facts: Pick<Facts, 'options'>): string {
  return join(userHome(facts.options.env), '.cache', 'pocket_tts');
}
