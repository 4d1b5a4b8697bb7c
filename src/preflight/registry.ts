// Every check, in the report's fixed order (the CHECK_IDS order).
import { disk } from '../../checks/disk.js';
import { executable } from '../../checks/executable.js';
import { hfCache } from '../../checks/hf-cache.js';
import { hfToken } from '../../checks/hf-token.js';
import { memory } from '../../checks/memory.js';
import { offline } from '../../checks/offline.js';
import { pocketTtsCache } from '../../checks/pocket-tts-cache.js';
import { pocketTts } from '../../checks/pocket-tts.js';
import { port } from '../../checks/port.js';
import { python } from '../../checks/python.js';
import { torch } from '../../checks/torch.js';
import { voices } from '../../checks/voices.js';
import type { Check } from './types.js';

/** The checks preflight runs, in report order. */
export const CHECKS: readonly Check[] = [executable, python, torch, pocketTts, hfCache, pocketTtsCache, offline, voices, hfToken, port, disk, memory];
