// Every check, in the report's fixed order. A new check: its module, and one entry in each list below
// (the compiler checks that the two lists agree, entry by entry).
import type { Check } from '../src/preflight/facts/types.js';
import { disk } from './disk.js';
import { executable } from './executable.js';
import { hfCache } from './hf-cache.js';
import { hfToken } from './hf-token.js';
import { memory } from './memory.js';
import { offline } from './offline.js';
import { pocketTtsCache } from './pocket-tts-cache.js';
import { pocketTts } from './pocket-tts.js';
import { port } from './port.js';
import { python } from './python.js';
import { torch } from './torch.js';
import { voices } from './voices.js';

/** Check ids, in the fixed order of the report. */
export const CHECK_IDS = ['executable', 'python', 'torch', 'pocket-tts', 'hf-cache', 'pocket-tts-cache', 'offline', 'voices', 'hf-token', 'port', 'disk', 'memory'] as const;

/** One of {@link CHECK_IDS}. */
export type CheckId = (typeof CHECK_IDS)[number];

/** The checks preflight runs, in report order. */
export const CHECKS = [executable, python, torch, pocketTts, hfCache, pocketTtsCache, offline, voices, hfToken, port, disk, memory] as const satisfies ChecksOf<typeof CHECK_IDS>;

// The checks for a list of ids, position by position.
type ChecksOf<Ids extends readonly string[]> = { readonly [K in keyof Ids]: Check<Ids[K] & string> };
