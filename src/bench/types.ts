// The backend-neutral side of the harness: what any engine (pocket-tts through createTts today, a native
// or ONNX engine later) implements to be measured by runBench().

/** One request as the harness sends it. */
export interface BenchRequest {
  text: string;
  /** A WAV voice prompt (absolute path), or undefined for the engine's default voice. */
  voice: string | undefined;
}

/** What one successful request measured, in milliseconds from the call. */
export interface BenchResponse {
  /** To the first audio sample, or null when the engine cannot tell. */
  firstByteMs: number | null;
  totalMs: number;
  /** Duration of the audio produced. */
  audioMs: number;
}

/**
 * Whose CPU time and memory are the engine's: `descendants` (subprocess engines: every process below this
 * Node process), `self` (an in-process engine: this process, harness included), `none` (a remote engine).
 */
export type ProcessScope = 'descendants' | 'self' | 'none';

/** One engine at one mode and concurrency level, started once per cell group and closed after it. */
export interface BenchEngine {
  readonly processes: ProcessScope;
  /** Resolves once the engine can serve (model loaded, workers up). */
  start(): Promise<void>;
  /** Runs one request to its end; rejects on failure (the error's `code`, if any, is counted). */
  run(request: BenchRequest): Promise<BenchResponse>;
  /** Stops everything the engine started. */
  close(): Promise<void>;
}

/** Facts about the target recorded in bench.json (and shown in the report and chart title). */
export interface TargetFacts {
  /** `pocket-tts`, `onnx`… */
  backend: string;
  /** A one-line human description. */
  label: string;
  /** True for the contract double (numbers then say nothing about real speech), null when unknown. */
  double: boolean | null;
  versions: Record<string, string | null>;
  /** The double's timing knobs (effective values), empty otherwise. */
  knobs: Record<string, string>;
  /** Anything else worth recording (runtime id, command line…). */
  details: Record<string, unknown>;
}

/** Something the harness can measure: its facts and a fresh engine per (mode, concurrency). */
export interface BenchTarget {
  /** The modes it can run (`cli`, `server` for pocket-tts). */
  readonly modes: readonly string[];
  describe(): Promise<TargetFacts>;
  engine(mode: string, concurrency: number): BenchEngine;
}
