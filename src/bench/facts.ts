// Facts recorded with every result: the machine, and what the target runtime is (the double or not).
import { availableParallelism, cpus, arch, loadavg, platform, release, totalmem } from 'node:os';
import { runProbe } from '../preflight/facts/probe.js';
import type { Runtime } from '../runtime/types.js';
import { CLOCK_TICKS_PER_SECOND } from './proc-usage.js';
import type { TargetFacts } from './types.js';

/** The machine the numbers were measured on. */
export interface EnvironmentFacts {
  platform: string;
  arch: string;
  osRelease: string;
  cpuModel: string;
  /** availableParallelism(): the cores this process may use. */
  cores: number;
  logicalCpus: number;
  totalMemoryBytes: number;
  node: string;
  clockTicksPerSecond: number;
  /** 1, 5 and 15 minute load averages when the run started and ended: other work on the machine shows here. */
  loadAverage: { start: number[]; end: number[] };
}

/** The contract double's timing knobs and their defaults (test/double/README.md). */
export const DOUBLE_TIMING_DEFAULTS: Readonly<Record<string, string>> = { LOAD_MS: '150', FRAME_MS: '4', ENCODE_MS: '100', MS_PER_CHAR: '65' };
const KNOB_PREFIX = 'POCKET_TTS_DOUBLE_';

/** Facts about this machine; `loadAtStart` is os.loadavg() taken when the run started. */
export function environmentFacts(loadAtStart: number[]): EnvironmentFacts {
  return {
    platform: platform(),
    arch: arch(),
    osRelease: release(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    logicalCpus: cpus().length,
    totalMemoryBytes: totalmem(),
    node: process.version,
    clockTicksPerSecond: CLOCK_TICKS_PER_SECOND,
    loadAverage: { start: loadAtStart, end: loadavg() },
  };
}

/** What a runtime is, from one probe of its Python (versions, whether it is the double) and its environment. */
export async function describeRuntime(runtime: Runtime): Promise<TargetFacts> {
  const probe = await runProbe(runtime, process.env);
  const facts = probe.ok ? probe.facts : undefined;
  const version = facts?.pocketTts?.version ?? facts?.pocketTts?.distVersion ?? runtime.versions.pocketTts;
  const double = facts?.pocketTts?.double ?? (version.includes('+double') ? true : null);
  return {
    backend: 'pocket-tts',
    label: `pocket-tts ${version}${double === true ? ' (contract double)' : ''}`,
    double,
    versions: { pocketTts: version, torch: facts?.torch?.version ?? runtime.versions.torch, python: facts?.python.version ?? runtime.versions.python },
    knobs: double === true ? doubleKnobs({ ...process.env, ...runtime.env }) : {},
    details: { runtimeId: runtime.id, runtimeMode: runtime.mode, command: [runtime.pocketTts.file, ...runtime.pocketTts.args], probe: probe.ok ? 'ok' : probe.message },
  };
}

/** The double's effective knobs: the timing defaults, overridden by every POCKET_TTS_DOUBLE_* set. */
export function doubleKnobs(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const knobs: Record<string, string> = { ...DOUBLE_TIMING_DEFAULTS };
  for (const [name, value] of Object.entries(env)) if (name.startsWith(KNOB_PREFIX) && value !== undefined) knobs[name.slice(KNOB_PREFIX.length)] = value;
  return knobs;
}
