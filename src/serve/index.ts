// The HTTP front of `pocket-tts-runtime serve`: upstream's wire API (GET /health, POST /tts) in front of a
// pool, plus GET /metrics. Apart from the pool's client side (src/engines/pool/wire/), which it answers like.
export { startFront, type Front, type FrontOptions } from './front.js';
export { parseForm, FormParseError, type ParsedForm } from './form-parse.js';
export { observeServe, type ServeObservability } from './metrics.js';
export { HttpRequestRecord, formVoiceSource } from './record.js';
