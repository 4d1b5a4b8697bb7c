// The one WAV format pocket-tts writes (contract: "WAV stream format").

/** Samples per second. */
export const SAMPLE_RATE = 24_000;
/** Mono. */
export const CHANNELS = 1;
/** Signed 16-bit little-endian samples. */
export const BITS_PER_SAMPLE = 16;
/** Bytes in one sample of the one channel (the WAV block align). */
export const BYTES_PER_SAMPLE = 2;
/** Bytes of audio per second (the WAV byte rate). */
export const BYTE_RATE = SAMPLE_RATE * BYTES_PER_SAMPLE;
/** WAVE_FORMAT_PCM. */
export const PCM_FORMAT = 1;
/** Size of the canonical header: RIFF (12) + `fmt ` chunk (24) + `data` chunk header (8). */
export const HEADER_BYTES = 44;
/** Samples in one 80 ms frame, the unit pocket-tts writes. */
export const FRAME_SAMPLES = 1_920;
/** Zero samples (200 ms) ending every successful stream. */
export const TRAILING_SILENCE_SAMPLES = 4_800;
/** The same 200 ms of silence in bytes. */
export const TRAILING_SILENCE_BYTES = TRAILING_SILENCE_SAMPLES * BYTES_PER_SAMPLE;
/** RIFF size pocket-tts declares whatever the real length (from a declared frame count of 1e9). */
export const PLACEHOLDER_RIFF_SIZE = 2_000_000_036;
/** Data size pocket-tts declares whatever the real length. */
export const PLACEHOLDER_DATA_SIZE = 2_000_000_000;
/** Size field meaning "unknown length, read to the end" (what ffmpeg and sox write to pipes). */
export const UNKNOWN_SIZE = 0xffff_ffff;
/** Largest data length a 32-bit RIFF size can describe. */
export const MAX_DATA_BYTES = UNKNOWN_SIZE - (HEADER_BYTES - 8);
