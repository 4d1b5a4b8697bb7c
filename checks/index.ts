// Every check, in the report's fixed order (the CHECK_IDS order).
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
import type { Check } from '../src/preflight/facts/types.js';

/** The checks preflight runs, in report order. */
export const CHECKS: readonly Check[] = [executable, python, torch, pocketTts, hfCache, pocketTtsCache, offline, voices, hfToken, port, disk, memory];
