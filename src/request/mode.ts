// The engine a request runs on, and an engine's load: facts every layer above may read.

/** `cli`: one `pocket-tts generate` process per request. `server`: a pool of warm `pocket-tts serve` sidecars. */
export type EngineMode = 'cli' | 'server';

/** Load facts of an engine. */
export interface EngineStats {
  queued: number;
  busy: number;
  idle: number;
}
