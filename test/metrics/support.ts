// Helpers for metrics tests: scrape a registry into sums by name and labels, record a tts's events.
import type { Registry } from 'prom-client';
import type { Tts } from '../../src/tts/index.js';
import type { ProcessExitEvent, RequestEvent, WorkerEvent } from '../../src/events/index.js';

type Labels = Record<string, string | number>;

/** A registry's values at one moment. */
export interface Scrape {
  /** The sum of the samples named `name` (`x_bucket`, `x_count`, `x_sum` for histogram parts) whose labels include `labels`; 0 when none. */
  value(name: string, labels?: Labels): number;
  /** Whether any sample is named `name`. */
  has(name: string): boolean;
}

/** Reads every metric of `registry` (prom-client's JSON form, the same values as the text exposition). */
export async function scrape(registry: Registry): Promise<Scrape> {
  const samples: { name: string; labels: Labels; value: number }[] = [];
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const v of metric.values as { value: number; labels: Labels; metricName?: string }[]) samples.push({ name: v.metricName ?? metric.name, labels: v.labels, value: v.value });
  }
  const matching = (name: string, labels: Labels): typeof samples => samples.filter((s) => s.name === name && Object.entries(labels).every(([k, want]) => String(s.labels[k]) === String(want)));
  return {
    value: (name, labels = {}) => matching(name, labels).reduce((sum, s) => sum + s.value, 0),
    has: (name) => samples.some((s) => s.name === name),
  };
}

/** Every event of a tts instance, in order (attach right after createTts to see the first model loads). */
export interface Recorded {
  requests: RequestEvent[];
  workers: WorkerEvent[];
  exits: ProcessExitEvent[];
}

export function recordTts(tts: Tts, into: Recorded = { requests: [], workers: [], exits: [] }): Recorded {
  tts.on('request', (e) => into.requests.push(e));
  tts.on('worker', (e) => into.workers.push(e));
  tts.on('exit', (e) => into.exits.push(e));
  return into;
}

/** How many of `items` match `where`. */
export function countWhere<T>(items: readonly T[], where: Partial<T>): number {
  return items.filter((item) => Object.entries(where).every(([k, v]) => (item as Record<string, unknown>)[k] === v)).length;
}

/** Log lines kept for assertions. */
export function recordingLogger(): { logger: { debug: Log; info: Log; warn: Log; error: Log }; lines: { level: string; msg: string; obj: Record<string, unknown> }[] } {
  const lines: { level: string; msg: string; obj: Record<string, unknown> }[] = [];
  const at = (level: string): Log => (obj, msg) => lines.push({ level, msg: msg ?? '', obj: obj as Record<string, unknown> });
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

type Log = (obj: object, msg?: string) => void;

/** The rejection of a promise that must reject. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => new Error('expected a rejection'), (error: unknown) => error);
}

/** Reads a stream to its end. */
export async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const chunk of stream) void chunk;
}
