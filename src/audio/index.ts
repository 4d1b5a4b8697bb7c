// Public surface of the WAV handling shared by the CLI runner and the server pool.
export {
  BITS_PER_SAMPLE,
  BYTE_RATE,
  BYTES_PER_SAMPLE,
  CHANNELS,
  FRAME_SAMPLES,
  HEADER_BYTES,
  MAX_DATA_BYTES,
  PCM_FORMAT,
  PLACEHOLDER_DATA_SIZE,
  PLACEHOLDER_RIFF_SIZE,
  SAMPLE_RATE,
  TRAILING_SILENCE_BYTES,
  TRAILING_SILENCE_SAMPLES,
  UNKNOWN_SIZE,
} from './format.js';
export { WAV_HEADER_FIELDS, buildWavHeader, fixWavSizes, parseWavHeader, type WavHeader, type WavHeaderField } from './header.js';
export { concatPcm, durationMs, samplesIn, stripTrailingSilence, trailingZeroBytes } from './pcm.js';
export { WavStream, type WavStreamOptions } from './wav-stream.js';
export { collectWav, type CollectedWav } from './collect.js';
export { streamLooksComplete, type StreamEnd } from './complete.js';
export { sineWav } from './tone.js';
